package dev.kubeatlas.cluster.service;

import java.util.Map;

/**
 * What a registration asks for: validated at the edge, tested and stored by {@link ClusterService#register}.
 *
 * @param context the kubeconfig context to use; its current-context when null
 */
public record RegisterCluster(String name, String kubeconfig, String context, String displayName, String provider,
                              String region, Map<String, String> tags, String description) {

    /** Never print the kubeconfig. */
    @Override
    public String toString() {
        return "RegisterCluster[name=" + name + ", context=" + context + "]";
    }
}
