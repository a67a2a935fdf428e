package dev.kubeatlas.metrics.service;

import dev.kubeatlas.metrics.model.ClusterSnapshot;
import dev.kubeatlas.metrics.model.ClusterSnapshot.ContainerStats;
import dev.kubeatlas.metrics.model.ClusterSnapshot.NodeStats;
import dev.kubeatlas.metrics.model.ClusterSnapshot.PodStats;
import dev.kubeatlas.metrics.model.ClusterSnapshot.QuotaStats;
import dev.kubeatlas.metrics.service.collection.CollectionScheduler;
import dev.kubeatlas.metrics.service.collection.Samples;
import dev.kubeatlas.support.consumer.ClusterDirectory;
import dev.kubeatlas.support.consumer.KnownCluster;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.rest.QueryParams;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The figures of a cluster (nodes, pods, namespaces, health, top-N, quota trends) and its stored series. Figures come
 * from a {@link ClusterSnapshot}; series and trends from the stored samples.
 */
@ApplicationScoped
public class MetricsService {

    private final Snapshots snapshots;
    private final ClusterDirectory directory;
    private final Samples samples;
    private final CollectionScheduler collection;

    public MetricsService(Snapshots snapshots, ClusterDirectory directory, Samples samples, CollectionScheduler collection) {
        this.snapshots = snapshots;
        this.directory = directory;
        this.samples = samples;
        this.collection = collection;
    }

    /**
     * The figures of a cluster: its last collected snapshot, or, when asked ({@code live}) or when it was never
     * collected, a read of the cluster now (one at a time per cluster).
     */
    public Uni<ClusterSnapshot> snapshot(String cluster, boolean live) {
        return snapshots.get(cluster, live);
    }

    /** One node of the snapshot; 404 {@code node-not-found}. */
    public static NodeStats node(ClusterSnapshot s, String name) {
        return s.nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("node-not-found", "Node not found", "No node '" + name + "'"));
    }

    /** One pod of the snapshot; 404 {@code pod-not-found}. */
    public static PodStats pod(ClusterSnapshot s, String namespace, String name) {
        return s.pods().stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("pod-not-found", "Pod not found",
                        "No pod '" + name + "' in namespace '" + namespace + "'"));
    }

    /** The pods of a namespace, on a node, or both; every pod when neither is given. */
    public static List<PodStats> pods(ClusterSnapshot s, String namespace, String node) {
        return s.pods().stream()
                .filter(p -> namespace == null || namespace.equals(p.namespace()))
                .filter(p -> node == null || node.equals(p.node())).toList();
    }

    /** How nodes are ranked: {@code cpu}, {@code memory} (usage), {@code cpu-requests}, {@code memory-requests}. */
    public static Function<NodeStats, Double> nodeKey(String by) {
        return switch (by) {
            case "cpu" -> NodeStats::cpuUsagePercent;
            case "memory" -> NodeStats::memoryUsagePercent;
            case "cpu-requests" -> NodeStats::cpuRequestsPercent;
            case "memory-requests" -> NodeStats::memoryRequestsPercent;
            default -> throw QueryParams.invalid("by", "must be one of cpu, memory, cpu-requests, memory-requests");
        };
    }

    /**
     * How pods are ranked: {@code cpu}, {@code memory} (usage), {@code cpu-of-limit}, {@code memory-of-limit} (the
     * highest of its containers), {@code restarts}.
     */
    public static Function<PodStats, Double> podKey(String by) {
        return switch (by) {
            case "cpu" -> p -> p.cpuUsageMillis() == null ? null : p.cpuUsageMillis().doubleValue();
            case "memory" -> p -> p.memoryUsageBytes() == null ? null : p.memoryUsageBytes().doubleValue();
            case "cpu-of-limit" -> p -> p.containers().stream().map(ContainerStats::cpuOfLimitPercent)
                    .filter(Objects::nonNull).max(Double::compare).orElse(null);
            case "memory-of-limit" -> p -> p.containers().stream().map(ContainerStats::memoryOfLimitPercent)
                    .filter(Objects::nonNull).max(Double::compare).orElse(null);
            case "restarts" -> p -> (double) p.restarts();
            default -> throw QueryParams.invalid("by", "must be one of cpu, memory, cpu-of-limit, memory-of-limit, restarts");
        };
    }

    /** The {@code limit} items with the highest key, highest first; items without a key are left out. */
    public static <T> List<T> top(List<T> items, Function<T, Double> key, int limit) {
        return items.stream().filter(i -> key.apply(i) != null)
                .sorted(Comparator.comparing(key, Comparator.reverseOrder())).limit(limit).toList();
    }

    /** A namespace's totals, its quotas, and its share of the cluster's issues with the health they give. */
    public record NamespaceFigures(String cluster, Instant collectedAt, String namespace, int pods, long podsRunning,
                                   int restarts, long cpuRequestsMillis, long memoryRequestsBytes, Long cpuUsageMillis,
                                   Long memoryUsageBytes, long cpuLimitsMillis, long memoryLimitsBytes,
                                   List<String> podsNearLimit, List<String> podsWithoutLimits, List<QuotaStats> quotas,
                                   String health, List<String> issues, boolean usageAvailable) {
    }

    public static NamespaceFigures namespace(ClusterSnapshot s, String namespace) {
        List<PodStats> pods = s.pods().stream().filter(p -> namespace.equals(p.namespace())).toList();
        List<QuotaStats> quotas = s.quotas().stream().filter(q -> namespace.equals(q.namespace())).toList();
        // the namespace's share of the cluster's issues: its pods and its quotas
        List<String> issues = s.summary().issues().stream()
                .filter(i -> i.startsWith("pod " + namespace + "/") || i.startsWith("quota " + namespace + "/")).toList();
        boolean exhausted = quotas.stream().anyMatch(q -> q.percent() != null && q.percent() >= 100);
        return new NamespaceFigures(s.cluster(), s.at(), namespace, pods.size(),
                pods.stream().filter(p -> "Running".equals(p.phase())).count(),
                pods.stream().mapToInt(PodStats::restarts).sum(),
                pods.stream().flatMap(p -> p.containers().stream()).mapToLong(ContainerStats::cpuRequestsMillis).sum(),
                pods.stream().flatMap(p -> p.containers().stream()).mapToLong(ContainerStats::memoryRequestsBytes).sum(),
                s.usageAvailable() ? pods.stream().map(PodStats::cpuUsageMillis).filter(Objects::nonNull).mapToLong(Long::longValue).sum() : null,
                s.usageAvailable() ? pods.stream().map(PodStats::memoryUsageBytes).filter(Objects::nonNull).mapToLong(Long::longValue).sum() : null,
                pods.stream().flatMap(p -> p.containers().stream()).mapToLong(ContainerStats::cpuLimitsMillis).sum(),
                pods.stream().flatMap(p -> p.containers().stream()).mapToLong(ContainerStats::memoryLimitsBytes).sum(),
                pods.stream().filter(PodStats::nearLimit).map(PodStats::name).toList(),
                pods.stream().filter(PodStats::noLimits).map(PodStats::name).toList(),
                quotas, exhausted ? "critical" : issues.isEmpty() ? "healthy" : "warning", issues, s.usageAvailable());
    }

    /** One cluster of the fleet: its snapshot, or why it could not be read. */
    public record FleetEntry(String cluster, ClusterSnapshot snapshot, Throwable failure) {
    }

    /**
     * Every registered cluster's snapshot; a cluster that cannot be read is there with its failure. The directory is
     * read in a session of its own, closed before any cluster is asked.
     */
    public Uni<List<FleetEntry>> fleet() {
        return Panache.withSession(directory::list).chain(known -> {
            if (known.isEmpty()) {
                return Uni.createFrom().item(List.<FleetEntry>of());
            }
            List<Uni<FleetEntry>> all = known.stream().map((KnownCluster k) -> k.name)
                    .map(cluster -> snapshot(cluster, false).map(s -> new FleetEntry(cluster, s, null))
                            .onFailure().recoverWithItem(e -> new FleetEntry(cluster, null, e)))
                    .toList();
            return Uni.join().all(all).andFailFast();
        });
    }

    /** A stored series, averaged per step, and where it was read from. */
    public record Series(String cluster, String target, String metric, Instant from, Instant to, long stepSeconds,
                         String resolution, List<Samples.Point> points) {
    }

    /**
     * A stored series: {@code target} is {@code cluster}, {@code node/NAME}, {@code pod/NS/NAME} or
     * {@code quota/NS/NAME/RESOURCE}; averaged per {@code step} seconds (default: the range split in about 100
     * points). Default range: the last hour. Read from raw samples while the range is within their retention and the
     * step under 5 minutes, else from the 5-minute rollups, else the 1-hour ones; the step is never finer than the
     * resolution.
     */
    public Uni<Series> series(String cluster, String target, String metric, String fromText, String toText, String stepText) {
        if (target == null || target.isBlank() || metric == null || metric.isBlank()) {
            throw ProblemException.badRequest("series-required", "Give ?target= (cluster, node/NAME, pod/NS/NAME) and ?metric=");
        }
        Samples.requireMetric(Samples.kindOf(target), metric);
        Instant from = QueryParams.instant("from", fromText);
        Instant to = QueryParams.instant("to", toText);
        Long step = QueryParams.optionalNumber("step", stepText, 1, 86400);
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(Duration.ofHours(1)) : from;
        if (!start.isBefore(end)) {
            throw ProblemException.badRequest("invalid-range", "from must be before to");
        }
        long asked = step != null ? step : Math.max(1, Duration.between(start, end).toSeconds() / 100);
        Samples.Resolution resolution = Samples.resolutionFor(start, asked, Instant.now(), collection.retention());
        long stepSeconds = resolution.step(asked);
        return samples.series(cluster, target, metric, start, end, stepSeconds, resolution)
                .map(points -> new Series(cluster, target, metric, start, end, stepSeconds, resolution.label(), points));
    }

    /** One quota resource now, how it moved over the window and, when it grows, when it runs out at that rate. */
    public record QuotaTrend(String namespace, String name, String resource, long used, long hard, Double percent,
                             String trend, Double changePerHour, long samples, Instant exhaustedAt) {
    }

    /** Every quota resource of a cluster (of a namespace when given) with its trend over a window. */
    public record QuotaTrends(String cluster, Instant collectedAt, String window, List<QuotaTrend> items) {
    }

    /**
     * Every ResourceQuota's resources with their trend over {@code window} (default and at most the raw retention)
     * from the stored samples: {@code rising} with the time it will be exhausted at the current rate,
     * {@code falling}, {@code steady}, {@code exhausted}, or {@code unknown} with fewer than three samples.
     */
    public Uni<QuotaTrends> quotas(String cluster, String namespace, String window, boolean live) {
        Duration raw = collection.retention().raw();
        Duration asked = window == null || window.isBlank() ? raw : QueryParams.duration("window", window);
        Duration span = asked.compareTo(raw) > 0 ? raw : asked;
        Instant now = Instant.now();
        return snapshot(cluster, live).chain(snapshot -> samples.quotaTrends(cluster, now.minus(span)).map(trends ->
                new QuotaTrends(cluster, snapshot.at(), span.toString(), snapshot.quotas().stream()
                        .filter(q -> namespace == null || namespace.isBlank() || namespace.equals(q.namespace()))
                        .map(q -> trend(q, trends.get(q.target()), now)).toList())));
    }

    public static QuotaTrend trend(QuotaStats q, Samples.Trend t, Instant now) {
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
}
