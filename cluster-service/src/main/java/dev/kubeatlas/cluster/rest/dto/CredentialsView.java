package dev.kubeatlas.cluster.rest.dto;

/**
 * A cluster's credentials, for other KubeAtlas services only (internal API, service identity required).
 *
 * @param revision increases whenever the kubeconfig is replaced; a client built from an older revision is stale
 */
public record CredentialsView(String name, String context, String server, String kubeconfig, int revision) {

    /** Never print the kubeconfig. */
    @Override
    public String toString() {
        return "CredentialsView[name=" + name + ", context=" + context + ", revision=" + revision + "]";
    }
}
