package dev.kubeatlas.kube;

/**
 * What cluster-service hands out for a registered cluster.
 *
 * @param revision increases whenever the kubeconfig is replaced
 */
public record ClusterCredentials(String name, String context, String server, String kubeconfig, int revision) {

    /** Never print the kubeconfig. */
    @Override
    public String toString() {
        return "ClusterCredentials[name=" + name + ", context=" + context + ", revision=" + revision + "]";
    }
}
