package dev.kubeatlas.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode, with the KubeAtlas extension attribute {@code cluster}.
 *
 * @param id      unique per event; consumers deduplicate by it
 * @param source  {@code /kubeatlas/<service>}
 * @param type    {@code dev.kubeatlas.<area>.<event>.v1}
 * @param subject the object the event is about (cluster name, {@code namespace/kind/name}, ...)
 * @param cluster the cluster the event concerns, when there is one
 * @param <T>     the data record, or a JSON tree for consumers that read the envelope first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent<T>(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        String cluster,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";
    /** Kafka record header {@code content-type} for structured-mode CloudEvents. */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
    }

    /** A new event of the given type with a fresh id and the current time. */
    public static <T> CloudEvent<T> create(EventType<T> type, String service, String subject, String cluster, T data) {
        return new CloudEvent<>(SPEC_VERSION, UUID.randomUUID().toString(), sourceOf(service), type.type(),
                subject, Instant.now(), JSON, cluster, data);
    }

    public static String sourceOf(String service) {
        return "/kubeatlas/" + service;
    }

    public <U> CloudEvent<U> withData(U newData) {
        return new CloudEvent<>(specversion, id, source, type, subject, time, datacontenttype, cluster, newData);
    }
}
