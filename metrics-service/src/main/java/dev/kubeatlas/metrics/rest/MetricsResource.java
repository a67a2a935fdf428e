package dev.kubeatlas.metrics.rest;

import dev.kubeatlas.metrics.model.ClusterSnapshot;
import dev.kubeatlas.metrics.rest.dto.ClusterHealth;
import dev.kubeatlas.metrics.rest.dto.NodeFigures;
import dev.kubeatlas.metrics.rest.dto.PodFigures;
import dev.kubeatlas.metrics.rest.dto.QuotaTrendItems;
import dev.kubeatlas.metrics.rest.dto.SnapshotItems;
import dev.kubeatlas.metrics.service.MetricsService;
import dev.kubeatlas.metrics.service.MetricsService.NamespaceFigures;
import dev.kubeatlas.metrics.service.MetricsService.Series;
import dev.kubeatlas.support.names.KubeNames;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.rest.QueryParams;
import dev.kubeatlas.support.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.function.Function;

/**
 * Node, pod, namespace and cluster figures from the cluster's last collected snapshot ({@code collectedAt} in every
 * answer); {@code ?live=true} reads the cluster now (one such read per cluster at a time), as does the first request
 * for a cluster not collected yet. Series and quota trends come from the stored samples.
 */
@Path("/api/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
@APIResponse(responseCode = "403", description = "None of the roles viewer, operator, admin")
public class MetricsResource {

    private final MetricsService metrics;

    public MetricsResource(MetricsService metrics) {
        this.metrics = metrics;
    }

    @GET
    @Path("/clusters/{cluster}/summary")
    @Operation(operationId = "getClusterWorkloadHealth", summary = "A cluster's health with its issues, counts and totals")
    @APIResponse(responseCode = "400", description = "A parameter is invalid")
    @APIResponse(responseCode = "403", description = "The cluster's API server forbids KubeAtlas to read it (its message)")
    @APIResponse(responseCode = "404", description = "No such cluster")
    @APIResponse(responseCode = "503", description = "The cluster cannot be read now (Retry-After)")
    public Uni<ClusterHealth> summary(@RestPath String cluster, @RestQuery @DefaultValue("false") boolean live) {
        return metrics.snapshot(cluster, live).map(ClusterHealth::of);
    }

    @GET
    @Path("/clusters/{cluster}/nodes")
    @Operation(operationId = "listNodeMetrics", summary = "Every node's capacity, requests, limits and usage")
    @APIResponse(responseCode = "400", description = "A parameter is invalid")
    @APIResponse(responseCode = "403", description = "The cluster's API server forbids KubeAtlas to read it (its message)")
    @APIResponse(responseCode = "404", description = "No such cluster")
    @APIResponse(responseCode = "503", description = "The cluster cannot be read now (Retry-After)")
    public Uni<SnapshotItems<ClusterSnapshot.NodeStats>> nodes(@RestPath String cluster,
                                                              @RestQuery @DefaultValue("false") boolean live) {
        return metrics.snapshot(cluster, live).map(s -> SnapshotItems.of(s, s.nodes()));
    }

    @GET
    @Path("/clusters/{cluster}/nodes/{name}")
    @Operation(operationId = "getNodeMetrics", summary = "One node's capacity, requests, limits and usage")
    @APIResponse(responseCode = "400", description = "A parameter is invalid")
    @APIResponse(responseCode = "403", description = "The cluster's API server forbids KubeAtlas to read it (its message)")
    @APIResponse(responseCode = "404", description = "No such cluster or node")
    @APIResponse(responseCode = "503", description = "The cluster cannot be read now (Retry-After)")
    public Uni<NodeFigures> node(@RestPath String cluster, @RestPath String name,
                                 @RestQuery @DefaultValue("false") boolean live) {
        KubeNames.node(name);
        return metrics.snapshot(cluster, live).map(s -> NodeFigures.of(s, MetricsService.node(s, name)));
    }

    @GET
    @Path("/clusters/{cluster}/pods")
    @Operation(operationId = "listPodMetrics", summary = "Pods' requests, limits and usage per container, of a namespace or node")
    @APIResponse(responseCode = "400", description = "A parameter is invalid")
    @APIResponse(responseCode = "403", description = "The cluster's API server forbids KubeAtlas to read it (its message)")
    @APIResponse(responseCode = "404", description = "No such cluster")
    @APIResponse(responseCode = "503", description = "The cluster cannot be read now (Retry-After)")
    public Uni<SnapshotItems<ClusterSnapshot.PodStats>> pods(@RestPath String cluster, @RestQuery String namespace,
                                                            @RestQuery String node,
                                                            @RestQuery @DefaultValue("false") boolean live) {
        if (node != null && !node.isEmpty()) {
            KubeNames.node(node);
        }
        return metrics.snapshot(cluster, live).map(s -> SnapshotItems.of(s, MetricsService.pods(s, namespace, node)));
    }

    @GET
    @Path("/clusters/{cluster}/pods/{namespace}/{name}")
    @Operation(operationId = "getPodMetrics", summary = "One pod's requests, limits and usage per container")
    @APIResponse(responseCode = "400", description = "A parameter is invalid")
    @APIResponse(responseCode = "403", description = "The cluster's API server forbids KubeAtlas to read it (its message)")
    @APIResponse(responseCode = "404", description = "No such cluster or pod")
    @APIResponse(responseCode = "503", description = "The cluster cannot be read now (Retry-After)")
    public Uni<PodFigures> pod(@RestPath String cluster, @RestPath String namespace, @RestPath String name,
                               @RestQuery @DefaultValue("false") boolean live) {
        KubeNames.subdomain("name", name);
        return metrics.snapshot(cluster, live).map(s -> PodFigures.of(s, MetricsService.pod(s, namespace, name)));
    }

    /** {@code by}: {@code cpu}, {@code memory} (usage), {@code cpu-requests}, {@code memory-requests}. */
    @GET
    @Path("/clusters/{cluster}/top/nodes")
    @Operation(operationId = "listTopNodes", summary = "The nodes highest in CPU or memory usage or requests")
    @APIResponse(responseCode = "400", description = "A parameter is invalid (by, limit)")
    @APIResponse(responseCode = "403", description = "The cluster's API server forbids KubeAtlas to read it (its message)")
    @APIResponse(responseCode = "404", description = "No such cluster")
    @APIResponse(responseCode = "503", description = "The cluster cannot be read now (Retry-After)")
    public Uni<SnapshotItems<ClusterSnapshot.NodeStats>> topNodes(@RestPath String cluster,
                                                                 @RestQuery @DefaultValue("cpu") String by,
                                                                 @RestQuery String limit,
                                                                 @RestQuery @DefaultValue("false") boolean live) {
        Function<ClusterSnapshot.NodeStats, Double> key = MetricsService.nodeKey(by);
        int count = QueryParams.integer("limit", limit, 10, 1, 1000);
        return metrics.snapshot(cluster, live).map(s -> SnapshotItems.of(s, MetricsService.top(s.nodes(), key, count)));
    }

    /** {@code by}: {@code cpu}, {@code memory} (usage), {@code cpu-of-limit}, {@code memory-of-limit}, {@code restarts}. */
    @GET
    @Path("/clusters/{cluster}/top/pods")
    @Operation(operationId = "listTopPods", summary = "The pods highest in usage, share of their limits or restarts")
    @APIResponse(responseCode = "400", description = "A parameter is invalid (by, limit)")
    @APIResponse(responseCode = "403", description = "The cluster's API server forbids KubeAtlas to read it (its message)")
    @APIResponse(responseCode = "404", description = "No such cluster")
    @APIResponse(responseCode = "503", description = "The cluster cannot be read now (Retry-After)")
    public Uni<SnapshotItems<ClusterSnapshot.PodStats>> topPods(@RestPath String cluster,
                                                               @RestQuery @DefaultValue("memory") String by,
                                                               @RestQuery String limit,
                                                               @RestQuery @DefaultValue("false") boolean live) {
        Function<ClusterSnapshot.PodStats, Double> key = MetricsService.podKey(by);
        int count = QueryParams.integer("limit", limit, 10, 1, 1000);
        return metrics.snapshot(cluster, live).map(s -> SnapshotItems.of(s, MetricsService.top(s.pods(), key, count)));
    }

    @GET
    @Path("/clusters/{cluster}/namespaces/{namespace}")
    @Operation(operationId = "getNamespaceMetrics", summary = "A namespace's totals, quotas and health")
    @APIResponse(responseCode = "400", description = "A parameter is invalid")
    @APIResponse(responseCode = "403", description = "The cluster's API server forbids KubeAtlas to read it (its message)")
    @APIResponse(responseCode = "404", description = "No such cluster")
    @APIResponse(responseCode = "503", description = "The cluster cannot be read now (Retry-After)")
    public Uni<NamespaceFigures> namespace(@RestPath String cluster, @RestPath String namespace,
                                           @RestQuery @DefaultValue("false") boolean live) {
        return metrics.snapshot(cluster, live).map(s -> MetricsService.namespace(s, namespace));
    }

    /**
     * A stored series ({@code target} {@code cluster}, {@code node/NAME}, {@code pod/NS/NAME},
     * {@code quota/NS/NAME/RESOURCE}), averaged per {@code step} seconds, from the finest resolution holding the range.
     */
    @GET
    @Path("/clusters/{cluster}/series")
    @Operation(operationId = "getMetricSeries", summary = "A stored series of one metric of one target")
    @APIResponse(responseCode = "400", description = "target, metric, from, to or step is invalid")
    public Uni<Series> series(@RestPath String cluster, @RestQuery String target, @RestQuery String metric,
                              @RestQuery("from") String from, @RestQuery("to") String to,
                              @RestQuery("step") String step) {
        return metrics.series(cluster, target, metric, from, to, step);
    }

    /**
     * Every ResourceQuota's resources with their trend over {@code window} (default and at most the raw retention):
     * {@code rising} (with when it is exhausted at that rate), {@code falling}, {@code steady}, {@code exhausted},
     * {@code unknown}.
     */
    @GET
    @Path("/clusters/{cluster}/quotas")
    @Operation(operationId = "listQuotaTrends", summary = "Quota resources with their use and trend")
    @APIResponse(responseCode = "400", description = "A parameter is invalid (window, namespace)")
    @APIResponse(responseCode = "403", description = "The cluster's API server forbids KubeAtlas to read it (its message)")
    @APIResponse(responseCode = "404", description = "No such cluster")
    @APIResponse(responseCode = "503", description = "The cluster cannot be read now (Retry-After)")
    public Uni<QuotaTrendItems> quotas(@RestPath String cluster, @RestQuery String namespace, @RestQuery String window,
                                       @RestQuery @DefaultValue("false") boolean live) {
        return metrics.quotas(cluster, namespace, window, live).map(QuotaTrendItems::of);
    }

    /** Every registered cluster's health; a cluster that cannot be read is in {@code errors} with its problem. */
    @GET
    @Path("/summary")
    @Operation(operationId = "listClusterHealth", summary = "Every registered cluster's health")
    public Uni<Items<ClusterHealth>> fleet() {
        return metrics.fleet().map(entries -> {
            List<ClusterHealth> items = entries.stream().filter(e -> e.snapshot() != null)
                    .map(e -> ClusterHealth.of(e.snapshot())).toList();
            List<Items.ClusterError> errors = entries.stream().filter(e -> e.snapshot() == null)
                    .map(e -> Items.ClusterError.of(e.cluster(), e.failure(), "/api/v1/metrics/clusters/" + e.cluster() + "/summary"))
                    .toList();
            return Items.fanOut(items, errors);
        });
    }
}
