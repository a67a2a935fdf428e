package dev.kubeatlas.workload.kube;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What one request works on, resolved once: the cluster, the resource type its discovery gave for the name the
 * request used, and that cluster's client. Every call of {@link ResourceClient} for the request takes it.
 */
public final class ClusterTarget {

    private final String cluster;
    private final ApiResourceType type;
    private final KubernetesClient client;

    ClusterTarget(String cluster, ApiResourceType type, KubernetesClient client) {
        this.cluster = cluster;
        this.type = type;
        this.client = client;
    }

    public String cluster() {
        return cluster;
    }

    public ApiResourceType type() {
        return type;
    }

    KubernetesClient client() {
        return client;
    }
}
