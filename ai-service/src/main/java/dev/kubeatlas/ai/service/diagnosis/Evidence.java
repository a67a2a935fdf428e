package dev.kubeatlas.ai.service.diagnosis;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One fact a finding rests on: which object, which field, its value and, when known, when it was observed.
 * Concise by construction: a field and a value, never a dump of the object.
 */
public record Evidence(Source source, ObjectRef object, String field, String value, String at) {

    /** Where a fact was read: the object's status or spec, a Kubernetes Event, a relation between objects, and later history, metrics or logs. */
    public enum Source {
        STATUS, EVENT, SPEC, HISTORY, METRIC, LOG, RELATION;

        @JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Evidence status(ObjectRef object, String field, Object value, String at) {
        return new Evidence(Source.STATUS, object, field, String.valueOf(value), at);
    }

    public static Evidence spec(ObjectRef object, String field, Object value) {
        return new Evidence(Source.SPEC, object, field, String.valueOf(value), null);
    }

    public static Evidence event(ObjectRef object, String reason, String message, String at) {
        return new Evidence(Source.EVENT, object, reason, message, at);
    }

    public static Evidence relation(ObjectRef object, String field, Object value) {
        return new Evidence(Source.RELATION, object, field, String.valueOf(value), null);
    }
}
