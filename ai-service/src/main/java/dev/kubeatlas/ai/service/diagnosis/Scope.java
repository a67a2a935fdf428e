package dev.kubeatlas.ai.service.diagnosis;

/**
 * What a diagnosis is asked about: the whole cluster, one namespace, or one object together with the objects related
 * to it (owners, pods, the Services selecting them). Findings are computed on the whole snapshot and then kept when
 * they cite something in scope, so a cause outside the namespace (a node, a webhook) is still reported.
 */
public record Scope(Type type, String namespace, ObjectRef object) {

    /** The breadth of a scope. */
    public enum Type { CLUSTER, NAMESPACE, OBJECT }

    public static Scope cluster() {
        return new Scope(Type.CLUSTER, null, null);
    }

    public static Scope namespace(String namespace) {
        return new Scope(Type.NAMESPACE, namespace, null);
    }

    public static Scope object(ObjectRef object) {
        return new Scope(Type.OBJECT, object.namespace(), object);
    }
}
