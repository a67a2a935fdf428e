package dev.kubeatlas.metrics.kube;

import dev.kubeatlas.kube.ClusterClients;
import dev.kubeatlas.kube.KubeErrors;
import dev.kubeatlas.metrics.model.ClusterSnapshot;
import dev.kubeatlas.support.concurrent.Blocking;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a cluster's nodes, pods and, from metrics.k8s.io, their usage, into a {@link ClusterSnapshot}. Without a
 * metrics API (no metrics-server) the snapshot still has capacity, requests and limits, and says why usage is absent.
 */
@ApplicationScoped
public class Collector {

    public static final ResourceDefinitionContext NODE_METRICS = new ResourceDefinitionContext.Builder()
            .withGroup("metrics.k8s.io").withVersion("v1beta1").withPlural("nodes").withKind("NodeMetrics")
            .withNamespaced(false).build();
    public static final ResourceDefinitionContext POD_METRICS = new ResourceDefinitionContext.Builder()
            .withGroup("metrics.k8s.io").withVersion("v1beta1").withPlural("pods").withKind("PodMetrics")
            .withNamespaced(true).build();

    private final ClusterClients clients;

    public Collector(ClusterClients clients) {
        this.clients = clients;
    }

    /**
     * Reads the cluster now, on a worker thread. What the API server refuses is passed on as it said it
     * ({@link KubeErrors}: 403 and 404 with its message, 5xx as 503 with {@code Retry-After}); an API server that
     * cannot be reached is a 503 {@code cluster-unreachable}.
     */
    public Uni<ClusterSnapshot> snapshot(String cluster) {
        return clients.forCluster(cluster).chain(client -> read(cluster, client));
    }

    /** Reads the cluster with this client, on a worker thread, its errors translated. */
    static Uni<ClusterSnapshot> read(String cluster, KubernetesClient client) {
        return Blocking.call(() -> collect(cluster, client))
                .onFailure(KubernetesClientException.class).transform(e -> KubeErrors.translate(cluster, e));
    }

    /** Objects per page of a list: the API server's chunking, as kubectl does it. */
    static final int PAGE = 500;

    /** Reads the cluster now, blocking: run it on a worker thread. */
    public static ClusterSnapshot collect(String cluster, KubernetesClient client) {
        SnapshotBuilder snapshot = new SnapshotBuilder(cluster);
        try {
            pages(options -> client.genericKubernetesResources(NODE_METRICS).list(options), snapshot::nodeMetrics);
            pages(options -> client.genericKubernetesResources(POD_METRICS).inAnyNamespace().list(options), snapshot::podMetrics);
        } catch (KubernetesClientException e) {
            snapshot.usageUnavailable(e.getCode() == 404 || e.getCode() == 503
                    ? "metrics.k8s.io is not served (is metrics-server installed?)"
                    : "metrics.k8s.io cannot be read (HTTP " + e.getCode() + ")");
            Log.debugf("No usage for cluster %s: HTTP %d", cluster, e.getCode());
        }
        List<Node> nodes = new ArrayList<>();
        pages(options -> client.nodes().list(options), nodes::add);
        if (!snapshot.hasNodeUsage() && !nodes.isEmpty()) {
            snapshot.usageUnavailable("metrics.k8s.io answered, but with no node samples yet");
        }
        pages(options -> client.pods().inAnyNamespace().list(options), snapshot::pod);
        List<ResourceQuota> quotas;
        try {
            quotas = client.resourceQuotas().inAnyNamespace().list().getItems();
        } catch (KubernetesClientException e) {
            Log.debugf("No quotas for cluster %s: HTTP %d", cluster, e.getCode());
            quotas = List.of();
        }
        return snapshot.build(nodes, quotas);
    }

    /**
     * Every object of a cluster-wide list, a page of {@link #PAGE} at a time (the API server's chunking, as kubectl
     * does it), each handed over and the page dropped: a list of 30,000 pods is never held whole.
     */
    static <T extends HasMetadata, L extends KubernetesResourceList<T>> void pages(Function<ListOptions, L> list, Consumer<T> each) {
        String next = null;
        do {
            L page = list.apply(new ListOptionsBuilder().withLimit((long) PAGE).withContinue(next).build());
            page.getItems().forEach(each);
            next = page.getMetadata() == null || page.getMetadata().getContinue() == null
                    || page.getMetadata().getContinue().isEmpty() ? null : page.getMetadata().getContinue();
        } while (next != null);
    }
}
