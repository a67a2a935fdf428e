package dev.kubeatlas.history.events;

import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.resource.v1.ResourceChanged;
import dev.kubeatlas.history.service.diff.StoredManifest;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a {@code resource.changed} event must hold before it is stored: every field the history relies on, in the
 * form and size the cluster would give it. {@link #problem} names the first field that is not, for the dead-letter
 * record; a valid event has none.
 */
final class ChangeCheck {

    static final Set<String> CHANGE_TYPES = new TreeSet<>(Set.of("ADDED", "MODIFIED", "DELETED", "BASELINE"));
    static final Set<String> SOURCES = new TreeSet<>(Set.of("kubeatlas", "external"));
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** {@code plural} or {@code plural.group}, as workload-service names types. */
    static final Pattern RESOURCE = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,250}[a-z0-9])?");
    static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,126}");
    /** {@code v1} or {@code group/version}. */
    static final Pattern API_VERSION = Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[a-z0-9]{1,63}");
    /** Kubernetes object names are path segments: no '/', no '%', never '.' or '..' (ClusterRoles hold ':'). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@-]{1,253}");
    static final int MAX_ID = 200;
    static final int MAX_TEXT = 256;
    static final int MAX_ACTOR = 512;

    /** Why the event cannot be stored, or null when it can. */
    static String problem(CloudEvent<ResourceChanged> event) {
        if (event.id() == null || event.id().isBlank() || event.id().length() > MAX_ID) {
            return "the event has no id of at most " + MAX_ID + " characters";
        }
        ResourceChanged change = event.data();
        if (change == null) {
            return "the event has no data";
        }
        if (!matches(DNS_LABEL, change.cluster())) {
            return "'cluster' is not a DNS-1123 label";
        }
        if (!matches(RESOURCE, change.resource())) {
            return "'resource' is not a resource type (plural or plural.group)";
        }
        if (!matches(KIND, change.kind())) {
            return "'kind' is not a kind";
        }
        if (!matches(API_VERSION, change.apiVersion())) {
            return "'apiVersion' is not an API version";
        }
        if (!matches(NAME, change.name()) || ".".equals(change.name()) || "..".equals(change.name())) {
            return "'name' is not an object name";
        }
        if (change.namespace() != null && !change.namespace().isEmpty() && !matches(DNS_LABEL, change.namespace())) {
            return "'namespace' is not a DNS-1123 label";
        }
        if (change.changeType() == null || !CHANGE_TYPES.contains(change.changeType())) {
            return "'changeType' is not one of " + CHANGE_TYPES;
        }
        if (change.source() != null && !SOURCES.contains(change.source())) {
            return "'source' is not one of " + SOURCES;
        }
        if (tooLong(change.uid(), MAX_TEXT) || tooLong(change.resourceVersion(), MAX_TEXT)
                || tooLong(change.contentHash(), MAX_TEXT) || tooLong(change.actor(), MAX_ACTOR)) {
            return "'uid', 'resourceVersion' or 'contentHash' is longer than " + MAX_TEXT + " characters, or 'actor' than "
                    + MAX_ACTOR;
        }
        boolean deletion = "DELETED".equals(change.changeType());
        if (!deletion && (change.manifest() == null || !change.manifest().isObject())) {
            return "a " + change.changeType() + " change has no 'manifest' object";
        }
        if (StoredManifest.depth(change.manifest()) > StoredManifest.MAX_DEPTH) {
            return "'manifest' is nested more than " + StoredManifest.MAX_DEPTH + " levels deep";
        }
        return null;
    }

    private static boolean matches(Pattern pattern, String value) {
        return value != null && pattern.matcher(value).matches();
    }

    private static boolean tooLong(String value, int max) {
        return value != null && value.length() > max;
    }

    private ChangeCheck() {
    }
}
