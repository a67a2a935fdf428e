package dev.kubeatlas.cluster.rest.dto;

import dev.kubeatlas.cluster.service.ClusterCredentials;

/**
 * A cluster's credentials, for other KubeAtlas services only (internal API, service identity required).
 *
 * @param revision increases whenever the kubeconfig is replaced; a client built from an older revision is stale
 */
public record CredentialsView(String name, String context, String server, String kubeconfig, int revision) {

    public static CredentialsView of(ClusterCredentials c) {
        return new CredentialsView(c.name(), c.context(), c.server(), c.kubeconfig(), c.revision());
    }

    /** Never print the kubeconfig. */
    @Override
    public String toString() {
        return "CredentialsView[name=" + name + ", context=" + context + ", revision=" + revision + "]";
    }
}
