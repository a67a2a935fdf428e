package dev.kubeatlas.support.security;

/** Realm roles. Each role includes what the ones before it may do; services list every role that may call. */
public final class Roles {
    /** Read. */
    public static final String VIEWER = "viewer";
    /** Change namespaced workloads, read logs, exec. */
    public static final String OPERATOR = "operator";
    /** Clusters, cluster-scoped objects, quotas, revealing secrets. */
    public static final String ADMIN = "admin";
    /** Other KubeAtlas services, with a client-credentials token. */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
