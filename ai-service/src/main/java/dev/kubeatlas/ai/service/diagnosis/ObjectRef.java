package dev.kubeatlas.ai.service.diagnosis;

import java.util.Comparator;

/**
 * Names one Kubernetes object by kind, namespace and name; the namespace is null for cluster-scoped kinds.
 * It decides nothing: it is the identity findings cite, compared by value.
 */
public record ObjectRef(String kind, String namespace, String name) implements Comparable<ObjectRef> {

    private static final Comparator<ObjectRef> ORDER = Comparator
            .comparing((ObjectRef r) -> r.namespace == null ? "" : r.namespace)
            .thenComparing(ObjectRef::kind)
            .thenComparing(ObjectRef::name);

    public static ObjectRef of(String kind, String namespace, String name) {
        return new ObjectRef(kind, namespace == null || namespace.isEmpty() ? null : namespace, name);
    }

    /** {@code Kind ns/name}, or {@code Kind name} when cluster-scoped: how summaries name objects. */
    public String display() {
        return kind + " " + (namespace == null ? name : namespace + "/" + name);
    }

    @Override
    public int compareTo(ObjectRef other) {
        return ORDER.compare(this, other);
    }
}
