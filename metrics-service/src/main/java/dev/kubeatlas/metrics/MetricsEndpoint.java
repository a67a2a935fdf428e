package dev.kubeatlas.metrics;

import dev.kubeatlas.support.consumer.ClusterDirectory;
import dev.kubeatlas.support.names.KubeNames;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Node, pod, namespace and cluster figures, read live from each cluster. */
@Path("/api/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class MetricsEndpoint {

    private final Collector collector;
    private final ClusterDirectory directory;
    private final Samples samples;
    private final Collection collection;
    private final KnownClusters known;
    private final SecurityIdentity identity;

    public MetricsEndpoint(Collector collector, ClusterDirectory directory, Samples samples, Collection collection,
                           KnownClusters known, SecurityIdentity identity) {
        this.collector = collector;
        this.directory = directory;
        this.samples = samples;
        this.collection = collection;
        this.known = known;
        this.identity = identity;
    }

    @GET
    @Path("/clusters/{cluster}/summary")
    public Uni<Map<String, Object>> summary(@RestPath String cluster) {
        return collector.snapshot(cluster).map(s -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cluster", cluster);
            body.put("at", s.at());
            body.put("usageAvailable", s.usageAvailable());
            body.put("usageUnavailableReason", s.usageUnavailableReason());
            body.put("summary", s.summary());
            return body;
        });
    }

    @GET
    @Path("/clusters/{cluster}/nodes")
    public Uni<Map<String, Object>> nodes(@RestPath String cluster) {
        return collector.snapshot(cluster).map(s -> items(s, s.nodes()));
    }

    @GET
    @Path("/clusters/{cluster}/nodes/{name}")
    public Uni<ClusterSnapshot.NodeStats> node(@RestPath String cluster, @RestPath String name) {
        KubeNames.node(name);
        return collector.snapshot(cluster).map(s -> s.nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("node-not-found", "Node not found", "No node '" + name + "'")));
    }

    @GET
    @Path("/clusters/{cluster}/pods")
    public Uni<Map<String, Object>> pods(@RestPath String cluster, @RestQuery String namespace, @RestQuery String node) {
        if (node != null && !node.isEmpty()) {
            KubeNames.node(node);
        }
        return collector.snapshot(cluster).map(s -> items(s, s.pods().stream()
                .filter(p -> namespace == null || namespace.equals(p.namespace()))
                .filter(p -> node == null || node.equals(p.node())).toList()));
    }

    @GET
    @Path("/clusters/{cluster}/pods/{namespace}/{name}")
    public Uni<ClusterSnapshot.PodStats> pod(@RestPath String cluster, @RestPath String namespace, @RestPath String name) {
        KubeNames.subdomain("name", name);
        return collector.snapshot(cluster).map(s -> s.pods().stream()
                .filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("pod-not-found", "Pod not found",
                        "No pod '" + name + "' in namespace '" + namespace + "'")));
    }

    /** {@code by}: {@code cpu}, {@code memory} (usage), {@code cpu-requests}, {@code memory-requests}. */
    @GET
    @Path("/clusters/{cluster}/top/nodes")
    public Uni<Map<String, Object>> topNodes(@RestPath String cluster, @RestQuery @DefaultValue("cpu") String by,
                                             @RestQuery String limit) {
        Function<ClusterSnapshot.NodeStats, Double> key = switch (by) {
            case "cpu" -> ClusterSnapshot.NodeStats::cpuUsagePercent;
            case "memory" -> ClusterSnapshot.NodeStats::memoryUsagePercent;
            case "cpu-requests" -> ClusterSnapshot.NodeStats::cpuRequestsPercent;
            case "memory-requests" -> ClusterSnapshot.NodeStats::memoryRequestsPercent;
            default -> throw Parameters.invalid("by", "must be one of cpu, memory, cpu-requests, memory-requests");
        };
        int count = Parameters.integer("limit", limit, 10, 1, 1000);
        return collector.snapshot(cluster).map(s -> items(s, top(s.nodes(), key, count)));
    }

    /** {@code by}: {@code cpu}, {@code memory} (usage), {@code cpu-of-limit}, {@code memory-of-limit}, {@code restarts}. */
    @GET
    @Path("/clusters/{cluster}/top/pods")
    public Uni<Map<String, Object>> topPods(@RestPath String cluster, @RestQuery @DefaultValue("memory") String by,
                                            @RestQuery String limit) {
        Function<ClusterSnapshot.PodStats, Double> key = switch (by) {
            case "cpu" -> p -> p.cpuUsageMillis() == null ? null : p.cpuUsageMillis().doubleValue();
            case "memory" -> p -> p.memoryUsageBytes() == null ? null : p.memoryUsageBytes().doubleValue();
            case "cpu-of-limit" -> p -> p.containers().stream().map(ClusterSnapshot.ContainerStats::cpuOfLimitPercent)
                    .filter(v -> v != null).max(Double::compare).orElse(null);
            case "memory-of-limit" -> p -> p.containers().stream().map(ClusterSnapshot.ContainerStats::memoryOfLimitPercent)
                    .filter(v -> v != null).max(Double::compare).orElse(null);
            case "restarts" -> p -> (double) p.restarts();
            default -> throw Parameters.invalid("by", "must be one of cpu, memory, cpu-of-limit, memory-of-limit, restarts");
        };
        int count = Parameters.integer("limit", limit, 10, 1, 1000);
        return collector.snapshot(cluster).map(s -> items(s, top(s.pods(), key, count)));
    }

    @GET
    @Path("/clusters/{cluster}/namespaces/{namespace}")
    public Uni<Map<String, Object>> namespace(@RestPath String cluster, @RestPath String namespace) {
        return collector.snapshot(cluster).map(s -> {
            List<ClusterSnapshot.PodStats> pods = s.pods().stream().filter(p -> namespace.equals(p.namespace())).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("namespace", namespace);
            body.put("pods", pods.size());
            body.put("podsRunning", pods.stream().filter(p -> "Running".equals(p.phase())).count());
            body.put("restarts", pods.stream().mapToInt(ClusterSnapshot.PodStats::restarts).sum());
            body.put("cpuRequestsMillis", pods.stream().flatMap(p -> p.containers().stream()).mapToLong(ClusterSnapshot.ContainerStats::cpuRequestsMillis).sum());
            body.put("memoryRequestsBytes", pods.stream().flatMap(p -> p.containers().stream()).mapToLong(ClusterSnapshot.ContainerStats::memoryRequestsBytes).sum());
            body.put("cpuUsageMillis", s.usageAvailable() ? pods.stream().map(ClusterSnapshot.PodStats::cpuUsageMillis).filter(v -> v != null).mapToLong(Long::longValue).sum() : null);
            body.put("memoryUsageBytes", s.usageAvailable() ? pods.stream().map(ClusterSnapshot.PodStats::memoryUsageBytes).filter(v -> v != null).mapToLong(Long::longValue).sum() : null);
            body.put("cpuLimitsMillis", pods.stream().flatMap(p -> p.containers().stream()).mapToLong(ClusterSnapshot.ContainerStats::cpuLimitsMillis).sum());
            body.put("memoryLimitsBytes", pods.stream().flatMap(p -> p.containers().stream()).mapToLong(ClusterSnapshot.ContainerStats::memoryLimitsBytes).sum());
            body.put("podsNearLimit", pods.stream().filter(ClusterSnapshot.PodStats::nearLimit).map(p -> p.name()).toList());
            body.put("podsWithoutLimits", pods.stream().filter(ClusterSnapshot.PodStats::noLimits).map(p -> p.name()).toList());
            List<ClusterSnapshot.QuotaStats> quotas = s.quotas().stream().filter(q -> namespace.equals(q.namespace())).toList();
            body.put("quotas", quotas);
            // the namespace's share of the cluster's issues: its pods and its quotas
            List<String> issues = s.summary().issues().stream()
                    .filter(i -> i.startsWith("pod " + namespace + "/") || i.startsWith("quota " + namespace + "/")).toList();
            boolean exhausted = quotas.stream().anyMatch(q -> q.percent() != null && q.percent() >= 100);
            body.put("health", exhausted ? "critical" : issues.isEmpty() ? "healthy" : "warning");
            body.put("issues", issues);
            body.put("usageAvailable", s.usageAvailable());
            return body;
        });
    }

    /**
     * A stored series: {@code target} is {@code cluster}, {@code node/NAME} or {@code pod/NS/NAME}; {@code metric}
     * e.g. {@code cpu.usage}, {@code memory.usage}, {@code cpu.usage.percent}, {@code restarts}; averaged per
     * {@code step} seconds (default: the range split in about 100 points). Default range: the last hour. Read from
     * raw samples while the range is within their retention and the step under 5 minutes, else from the 5-minute
     * rollups, else the 1-hour ones ({@code resolution} in the answer); the step is never finer than the resolution.
     */
    @GET
    @Path("/clusters/{cluster}/series")
    public Uni<Map<String, Object>> series(@RestPath String cluster, @RestQuery String target, @RestQuery String metric,
                                           @RestQuery("from") String fromText, @RestQuery("to") String toText,
                                           @RestQuery("step") String stepText) {
        if (target == null || target.isBlank() || metric == null || metric.isBlank()) {
            throw ProblemException.badRequest("series-required", "Give ?target= (cluster, node/NAME, pod/NS/NAME) and ?metric=");
        }
        Samples.requireMetric(Samples.kindOf(target), metric);
        Instant from = Parameters.instant("from", fromText);
        Instant to = Parameters.instant("to", toText);
        Long step = Parameters.optionalNumber("step", stepText, 1, 86400);
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(Duration.ofHours(1)) : from;
        if (!start.isBefore(end)) {
            throw ProblemException.badRequest("invalid-range", "from must be before to");
        }
        long asked = step != null ? step : Math.max(1, Duration.between(start, end).toSeconds() / 100);
        Samples.Resolution resolution = Samples.resolutionFor(start, asked, Instant.now(), collection.retention());
        long stepSeconds = resolution.step(asked);
        return samples.series(cluster, target, metric, start, end, stepSeconds, resolution).map(points -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cluster", cluster);
            body.put("target", target);
            body.put("metric", metric);
            body.put("from", start);
            body.put("to", end);
            body.put("stepSeconds", stepSeconds);
            body.put("resolution", resolution.label());
            body.put("points", points);
            return body;
        });
    }

    /** One quota resource now, how it moved over the window and, when it grows, when it runs out at that rate. */
    public record QuotaTrend(String namespace, String name, String resource, long used, long hard, Double percent,
                             String trend, Double changePerHour, long samples, Instant exhaustedAt) {
    }

    /**
     * Every ResourceQuota's resources, live, with their trend over {@code window} (default and at most the raw
     * retention) from the stored samples: {@code rising} with the time it will be exhausted at the current rate,
     * {@code falling}, {@code steady}, {@code exhausted}, or {@code unknown} with fewer than three samples.
     */
    @GET
    @Path("/clusters/{cluster}/quotas")
    public Uni<Map<String, Object>> quotas(@RestPath String cluster, @RestQuery String namespace, @RestQuery String window) {
        Duration asked = window == null || window.isBlank() ? collection.retention().raw() : duration(window);
        Duration span = asked.compareTo(collection.retention().raw()) > 0 ? collection.retention().raw() : asked;
        Instant now = Instant.now();
        return collector.snapshot(cluster).chain(snapshot -> samples.quotaTrends(cluster, now.minus(span)).map(trends -> {
            List<QuotaTrend> items = snapshot.quotas().stream()
                    .filter(q -> namespace == null || namespace.isBlank() || namespace.equals(q.namespace()))
                    .map(q -> trend(q, trends.get(q.target()), now)).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cluster", cluster);
            body.put("window", span.toString());
            body.put("items", items);
            return body;
        }));
    }

    /** {@code 30m}, {@code 6h}, {@code 1d} or ISO-8601 ({@code PT6H}); 400 otherwise. */
    static Duration duration(String text) {
        try {
            String t = text.trim().toLowerCase();
            Duration d = t.startsWith("p") ? Duration.parse(t.toUpperCase())
                    : t.endsWith("d") ? Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)))
                    : Duration.parse("PT" + t.toUpperCase());
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw Parameters.invalid("window", "must be a positive duration such as 30m, 6h, 1d or PT6H");
        }
    }

    static QuotaTrend trend(ClusterSnapshot.QuotaStats q, Samples.Trend t, Instant now) {
        long n = t == null ? 0 : t.samples();
        Double perHour = n < 3 ? null : t.slopePerSecond() * 3600;
        String trend;
        Instant exhausted = null;
        if (q.hard() > 0 && q.used() >= q.hard()) {
            trend = "exhausted";
        } else if (perHour == null) {
            trend = "unknown";
        } else if (Math.abs(perHour) < Math.max(1e-9, q.hard() * 1e-6)) {
            trend = "steady";
        } else if (perHour > 0) {
            trend = "rising";
            exhausted = now.plusSeconds((long) Math.ceil((q.hard() - q.used()) / t.slopePerSecond()));
        } else {
            trend = "falling";
        }
        return new QuotaTrend(q.namespace(), q.name(), q.resource(), q.used(), q.hard(), q.percent(), trend, perHour, n,
                exhausted);
    }

    public record CollectionRequest(@Min(5) @Max(3600) int intervalSeconds) {
    }

    /** How often the cluster is collected, and how its last collection went. */
    @GET
    @Path("/clusters/{cluster}/collection")
    public Uni<Map<String, Object>> collection(@RestPath String cluster) {
        return known.require(cluster).map(ignored -> collectionView(cluster));
    }

    private Map<String, Object> collectionView(String cluster) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cluster", cluster);
        body.putAll(collection.status(cluster));
        return body;
    }

    /** Admins: the cluster's own interval (5 s to 1 h); DELETE returns it to the default. */
    @PUT
    @Path("/clusters/{cluster}/collection")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Map<String, Object>> setCollection(@RestPath String cluster, @NotNull @Valid CollectionRequest request) {
        return known.require(cluster).chain(() -> Panache.withTransaction(() -> CollectionSetting.<CollectionSetting>findById(cluster).chain(found -> {
            CollectionSetting setting = found != null ? found : new CollectionSetting();
            setting.cluster = cluster;
            setting.intervalSeconds = request.intervalSeconds();
            setting.updatedBy = identity.getPrincipal().getName();
            setting.updatedAt = Instant.now();
            return setting.persist();
        }))).invoke(() -> collection.intervalChanged(cluster, Duration.ofSeconds(request.intervalSeconds())))
                .map(ignored -> collectionView(cluster));
    }

    @DELETE
    @Path("/clusters/{cluster}/collection")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Map<String, Object>> resetCollection(@RestPath String cluster) {
        return known.require(cluster).chain(() -> Panache.withTransaction(() -> CollectionSetting.delete("cluster", cluster)))
                .invoke(() -> collection.intervalChanged(cluster, null))
                .map(ignored -> collectionView(cluster));
    }

    /** Every registered cluster's summary; a cluster that cannot be read is listed with its problem. */
    @GET
    @Path("/summary")
    @WithSession
    public Uni<Map<String, Object>> fleet() {
        return directory.list().chain(known -> {
            if (known.isEmpty()) {
                return Uni.createFrom().item(Map.<String, Object>of("items", List.of()));
            }
            List<Uni<Map<String, Object>>> all = known.stream().map(k -> k.name).map(this::fleetItem).toList();
            return Uni.join().all(all).andFailFast().map(items -> Map.<String, Object>of("items", items));
        });
    }

    private Uni<Map<String, Object>> fleetItem(String cluster) {
        return summary(cluster).onFailure().recoverWithItem(e -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("cluster", cluster);
            item.put("error", ProblemException.clusterFailure(e));
            return item;
        });
    }

    private static <T> List<T> top(List<T> items, Function<T, Double> key, int limit) {
        return items.stream().filter(i -> key.apply(i) != null)
                .sorted(Comparator.comparing(key, Comparator.reverseOrder())).limit(limit).toList();
    }

    private static Map<String, Object> items(ClusterSnapshot s, List<?> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cluster", s.cluster());
        body.put("at", s.at());
        body.put("usageAvailable", s.usageAvailable());
        body.put("usageUnavailableReason", s.usageUnavailableReason());
        body.put("items", items);
        return body;
    }
}
