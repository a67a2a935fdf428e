package dev.kubeatlas.cluster.service;

/**
 * A cluster's decrypted credentials, for other KubeAtlas services only.
 *
 * @param revision increases whenever the kubeconfig is replaced; a client built from an older revision is stale
 */
public record ClusterCredentials(String name, String context, String server, String kubeconfig, int revision) {

    /** Never print the kubeconfig. */
    @Override
    public String toString() {
        return "ClusterCredentials[name=" + name + ", context=" + context + ", revision=" + revision + "]";
    }
}
