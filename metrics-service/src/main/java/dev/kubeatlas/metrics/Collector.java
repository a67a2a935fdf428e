package dev.kubeatlas.metrics;

import dev.kubeatlas.kube.ClusterClients;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.problem.ProblemException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Reads a cluster's nodes, pods and, from metrics.k8s.io, their usage, into a {@link ClusterSnapshot}. Without a
 * metrics API (no metrics-server) the snapshot still has capacity, requests and limits, and says why usage is absent.
 */
@ApplicationScoped
public class Collector {

    static final ResourceDefinitionContext NODE_METRICS = new ResourceDefinitionContext.Builder()
            .withGroup("metrics.k8s.io").withVersion("v1beta1").withPlural("nodes").withKind("NodeMetrics")
            .withNamespaced(false).build();
    static final ResourceDefinitionContext POD_METRICS = new ResourceDefinitionContext.Builder()
            .withGroup("metrics.k8s.io").withVersion("v1beta1").withPlural("pods").withKind("PodMetrics")
            .withNamespaced(true).build();

    private final ClusterClients clients;

    public Collector(ClusterClients clients) {
        this.clients = clients;
    }

    public Uni<ClusterSnapshot> snapshot(String cluster) {
        return clients.forCluster(cluster)
                .chain(client -> Blocking.call(() -> collect(cluster, client)))
                .onFailure(KubernetesClientException.class).transform(e -> ProblemException.unavailable(
                        "cluster-unreachable", "Cluster unreachable", "The API server of cluster '" + cluster
                                + "' cannot be read now; other clusters are not affected", 10));
    }

    static ClusterSnapshot collect(String cluster, KubernetesClient client) {
        List<Node> nodes = client.nodes().list().getItems();
        List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
        List<ResourceQuota> quotas;
        try {
            quotas = client.resourceQuotas().inAnyNamespace().list().getItems();
        } catch (KubernetesClientException e) {
            Log.debugf("No quotas for cluster %s: HTTP %d", cluster, e.getCode());
            quotas = List.of();
        }
        List<GenericKubernetesResource> nodeMetrics = List.of();
        List<GenericKubernetesResource> podMetrics = List.of();
        String unavailable = null;
        try {
            nodeMetrics = client.genericKubernetesResources(NODE_METRICS).list().getItems();
            podMetrics = client.genericKubernetesResources(POD_METRICS).inAnyNamespace().list().getItems();
            if (nodeMetrics.isEmpty() && !nodes.isEmpty()) {
                unavailable = "metrics.k8s.io answered, but with no node samples yet";
            }
        } catch (KubernetesClientException e) {
            unavailable = e.getCode() == 404 || e.getCode() == 503
                    ? "metrics.k8s.io is not served (is metrics-server installed?)"
                    : "metrics.k8s.io cannot be read (HTTP " + e.getCode() + ")";
            Log.debugf("No usage for cluster %s: %s", cluster, unavailable);
        }
        return ClusterSnapshot.of(cluster, nodes, pods, quotas, nodeMetrics, podMetrics, unavailable);
    }
}
