package dev.kubeatlas.metrics.service.collection;

import dev.kubeatlas.metrics.model.ClusterSnapshot;
import dev.kubeatlas.support.names.KubeNames;
import dev.kubeatlas.support.rest.QueryParams;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Stored samples: one batch insert per collection cycle, rolled up into 5-minute and 1-hour buckets; series read
 * back in buckets of {@code step} seconds (the average in each bucket) from the resolution that holds the range.
 */
@ApplicationScoped
public class Samples {

    public record Sample(String target, String metric, double value) {
    }

    public record Point(Instant t, double v) {
    }

    /**
     * The metrics stored for each kind of target (see {@link #of} and {@link RestartWindow}): a rule or a series names
     * one of these, anything else would never match.
     */
    public static final Map<String, List<String>> METRICS = Map.of(
            "node", List.of("ready", "pods", "cpu.requests", "cpu.usage", "memory.usage", "cpu.usage.percent",
                    "memory.usage.percent"),
            "pod", List.of("restarts", "restarts.increase", "cpu.usage", "memory.usage", "memory.of.limit.percent"),
            "quota", List.of("used", "hard", "used.percent"),
            "cluster", List.of("nodes.ready", "pods.running", "cpu.usage", "memory.usage"));

    /** The metric when it is stored for targets of {@code kind}; a 400 naming the known ones otherwise. */
    public static String requireMetric(String kind, String metric) {
        List<String> known = METRICS.get(kind);
        if (known == null || !known.contains(metric)) {
            // quoted only when it has the shape of a metric, so nothing else a caller sent is echoed
            String which = metric != null && metric.matches("[a-z0-9.]{1,64}") ? "'" + metric + "' " : "";
            throw QueryParams.invalid("metric", which + "is not a metric of " + kind + " targets; they have "
                    + String.join(", ", known == null ? List.of() : known));
        }
        return metric;
    }

    /**
     * The kind of a series' target: {@code cluster}, {@code node/NAME}, {@code pod/NS/NAME} or
     * {@code quota/NS/NAME/RESOURCE}, with its names checked; a 400 otherwise.
     */
    public static String kindOf(String target) {
        String[] parts = target.split("/", 4);
        boolean valid = switch (parts[0]) {
            case "cluster" -> parts.length == 1;
            case "node" -> parts.length == 2 && KubeNames.node(parts[1]) != null;
            case "pod" -> parts.length == 3 && KubeNames.namespace(parts[1]) != null
                    && KubeNames.subdomain("pod", parts[2]) != null;
            case "quota" -> parts.length == 4 && KubeNames.namespace(parts[1]) != null
                    && KubeNames.subdomain("quota", parts[2]) != null && parts[3].matches("[A-Za-z0-9./_-]{1,253}");
            default -> false;
        };
        if (!valid) {
            throw QueryParams.invalid("target", "is cluster, node/NAME, pod/NAMESPACE/NAME or quota/NAMESPACE/NAME/RESOURCE, "
                    + "with Kubernetes names");
        }
        return parts[0];
    }

    private final Pool pool;

    public Samples(Pool pool) {
        this.pool = pool;
    }

    /** Rows per insert statement: the samples travel as three arrays, unnested by the server. */
    static final int CHUNK = 20_000;

    /** Up to {@link #CHUNK} samples as the three arrays one insert statement takes. */
    public record Chunk(String[] targets, String[] metrics, Double[] values) {
    }

    /** The samples as insert-ready arrays: CPU work proportional to their number, for a worker thread. */
    public static List<Chunk> chunks(List<Sample> samples) {
        List<Chunk> chunks = new ArrayList<>();
        for (int from = 0; from < samples.size(); from += CHUNK) {
            List<Sample> chunk = samples.subList(from, Math.min(samples.size(), from + CHUNK));
            String[] targets = new String[chunk.size()];
            String[] metrics = new String[chunk.size()];
            Double[] values = new Double[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                targets[i] = chunk.get(i).target();
                metrics[i] = chunk.get(i).metric();
                values[i] = chunk.get(i).value();
            }
            chunks.add(new Chunk(targets, metrics, values));
        }
        return chunks;
    }

    /** Stores one cycle's samples: a few statements whatever their number (arrays unnested by the server). */
    public Uni<Integer> store(String cluster, Instant at, List<Sample> samples) {
        return store(cluster, at, chunks(samples)).replaceWith(samples.size());
    }

    /** Stores one cycle's samples, already in arrays; the number stored. */
    public Uni<Integer> store(String cluster, Instant at, Collection<Chunk> chunks) {
        OffsetDateTime time = utc(at);
        Uni<Void> chain = Uni.createFrom().voidItem();
        int count = 0;
        for (Chunk chunk : chunks) {
            count += chunk.values().length;
            chain = chain.chain(() -> pool.preparedQuery("insert into metric_sample (cluster, target, metric, at, value) "
                            + "select $1, t, m, $2, v from unnest($3::text[], $4::text[], $5::float8[]) as s(t, m, v)")
                    .execute(Tuple.of(cluster, time, chunk.targets(), chunk.metrics(), chunk.values())).replaceWithVoid());
        }
        return chain.replaceWith(count);
    }

    /** Where a series is read from: raw samples, 5-minute or 1-hour rollups. */
    public enum Resolution {
        RAW(0, "raw"), FIVE_MINUTES(300, "5m"), ONE_HOUR(3600, "1h");

        final int seconds;
        final String label;

        Resolution(int seconds, String label) {
            this.seconds = seconds;
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The step a series of this resolution is read in: as asked, never finer than the resolution. */
        public long step(long asked) {
            return Math.max(Math.max(1, asked), seconds);
        }
    }

    /**
     * The finest resolution that still holds the whole range and is not finer than {@code step}: raw while the
     * range is within raw retention and the step under 5 minutes, then 5-minute rollups, then 1-hour ones.
     */
    public static Resolution resolutionFor(Instant from, long stepSeconds, Instant now, Retention retention) {
        if (stepSeconds < Resolution.FIVE_MINUTES.seconds && !from.isBefore(now.minus(retention.raw()))) {
            return Resolution.RAW;
        }
        if (stepSeconds < Resolution.ONE_HOUR.seconds && !from.isBefore(now.minus(retention.fiveMinutes()))) {
            return Resolution.FIVE_MINUTES;
        }
        return Resolution.ONE_HOUR;
    }

    /** How long each resolution is kept. */
    public record Retention(Duration raw, Duration fiveMinutes, Duration oneHour) {
    }

    public Uni<List<Point>> series(String cluster, String target, String metric, Instant from, Instant to, long stepSeconds,
                                   Resolution resolution) {
        long step = resolution.step(stepSeconds);
        String sql = resolution == Resolution.RAW ? """
                select to_timestamp(floor(extract(epoch from at) / $6) * $6) as bucket, avg(value) as v
                from metric_sample
                where cluster = $1 and target = $2 and metric = $3 and at >= $4 and at <= $5
                group by 1 order by 1""" : """
                select to_timestamp(floor(extract(epoch from bucket) / $6) * $6) as bucket, sum(sum) / sum(count) as v
                from metric_rollup
                where resolution = $7 and cluster = $1 and target = $2 and metric = $3 and bucket >= $4 and bucket <= $5
                group by 1 order by 1""";
        Tuple params = Tuple.of(cluster, target, metric, utc(from), utc(to), (double) step);
        if (resolution != Resolution.RAW) {
            params.addInteger(resolution.seconds);
        }
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<Point> points = new ArrayList<>();
            for (Row row : rows) {
                points.add(new Point(row.getOffsetDateTime("bucket").toInstant(), row.getDouble("v")));
            }
            return points;
        });
    }

    /** How a quota resource's use moved: least-squares slope per second over its samples since a time. */
    public record Trend(double slopePerSecond, long samples) {
    }

    /** The trend of every quota resource of a cluster ({@code quota/NS/NAME/RESOURCE}) since {@code since}. */
    public Uni<Map<String, Trend>> quotaTrends(String cluster, Instant since) {
        return pool.preparedQuery("""
                        select target, regr_slope(value, extract(epoch from at)) as slope, count(*) as n
                        from metric_sample
                        where cluster = $1 and metric = 'used' and target like 'quota/%' and at >= $2
                        group by target""")
                .execute(Tuple.of(cluster, utc(since)))
                .map(rows -> {
                    Map<String, Trend> trends = new java.util.HashMap<>();
                    for (Row row : rows) {
                        Double slope = row.getDouble("slope");
                        trends.put(row.getString("target"), new Trend(slope == null ? 0 : slope, row.getLong("n")));
                    }
                    return trends;
                });
    }

    /**
     * Rolls up the complete buckets of the last {@code lookback}: raw samples into 5-minute buckets, 5-minute buckets
     * into hours. Buckets are recomputed whole, so running it again (or late samples) changes nothing twice.
     */
    public Uni<Void> rollUp(Instant now, Duration lookback) {
        Instant fiveEnd = floor(now, Resolution.FIVE_MINUTES.seconds);
        Instant fiveStart = floor(now.minus(lookback), Resolution.FIVE_MINUTES.seconds);
        Instant hourEnd = floor(now, Resolution.ONE_HOUR.seconds);
        Instant hourStart = floor(now.minus(lookback).minus(Duration.ofHours(1)), Resolution.ONE_HOUR.seconds);
        return pool.preparedQuery("""
                        insert into metric_rollup (resolution, cluster, target, metric, bucket, sum, count, min, max)
                        select 300, cluster, target, metric, date_bin('5 minutes', at, timestamptz '2000-01-01 00:00:00+00'),
                               sum(value), count(*), min(value), max(value)
                        from metric_sample where at >= $1 and at < $2
                        group by 2, 3, 4, 5
                        on conflict (resolution, cluster, target, metric, bucket) do update
                        set sum = excluded.sum, count = excluded.count, min = excluded.min, max = excluded.max""")
                .execute(Tuple.of(utc(fiveStart), utc(fiveEnd)))
                .chain(() -> pool.preparedQuery("""
                                insert into metric_rollup (resolution, cluster, target, metric, bucket, sum, count, min, max)
                                select 3600, cluster, target, metric, date_trunc('hour', bucket), sum(sum), sum(count), min(min), max(max)
                                from metric_rollup where resolution = 300 and bucket >= $1 and bucket < $2
                                group by 2, 3, 4, 5
                                on conflict (resolution, cluster, target, metric, bucket) do update
                                set sum = excluded.sum, count = excluded.count, min = excluded.min, max = excluded.max""")
                        .execute(Tuple.of(utc(hourStart), utc(hourEnd))))
                .replaceWithVoid();
    }

    /** Deletes what each resolution no longer keeps; the number of rows deleted. */
    public Uni<Integer> prune(Instant now, Retention retention) {
        return pool.preparedQuery("delete from metric_sample where at < $1").execute(Tuple.of(utc(now.minus(retention.raw()))))
                .chain(raw -> pool.preparedQuery("delete from metric_rollup where (resolution = 300 and bucket < $1) "
                                + "or (resolution = 3600 and bucket < $2)")
                        .execute(Tuple.of(utc(now.minus(retention.fiveMinutes())), utc(now.minus(retention.oneHour()))))
                        .map(rollups -> raw.rowCount() + rollups.rowCount()));
    }

    static Instant floor(Instant t, int seconds) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), seconds) * seconds);
    }

    static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /**
     * What one snapshot stores: usage and counts per node, usage and restarts per pod, use of each quota resource
     * ({@code quota/NS/NAME/RESOURCE}), cluster totals.
     */
    public static List<Sample> of(ClusterSnapshot s) {
        List<Sample> samples = new ArrayList<>();
        for (ClusterSnapshot.NodeStats n : s.nodes()) {
            String target = "node/" + n.name();
            samples.add(new Sample(target, "ready", n.ready() ? 1 : 0));
            samples.add(new Sample(target, "pods", n.pods()));
            samples.add(new Sample(target, "cpu.requests", n.cpuRequestsMillis()));
            if (n.cpuUsageMillis() != null) {
                samples.add(new Sample(target, "cpu.usage", n.cpuUsageMillis()));
                samples.add(new Sample(target, "memory.usage", n.memoryUsageBytes()));
                samples.add(new Sample(target, "cpu.usage.percent", n.cpuUsagePercent() == null ? 0 : n.cpuUsagePercent()));
                samples.add(new Sample(target, "memory.usage.percent", n.memoryUsagePercent() == null ? 0 : n.memoryUsagePercent()));
            }
        }
        for (ClusterSnapshot.PodStats p : s.pods()) {
            String target = "pod/" + p.namespace() + "/" + p.name();
            samples.add(new Sample(target, "restarts", p.restarts()));
            if (p.cpuUsageMillis() != null) {
                samples.add(new Sample(target, "cpu.usage", p.cpuUsageMillis()));
                samples.add(new Sample(target, "memory.usage", p.memoryUsageBytes()));
            }
            p.containers().stream().map(ClusterSnapshot.ContainerStats::memoryOfLimitPercent).filter(v -> v != null)
                    .max(Double::compare).ifPresent(v -> samples.add(new Sample(target, "memory.of.limit.percent", v)));
        }
        for (ClusterSnapshot.QuotaStats q : s.quotas()) {
            samples.add(new Sample(q.target(), "used", q.used()));
            samples.add(new Sample(q.target(), "hard", q.hard()));
            if (q.percent() != null) {
                samples.add(new Sample(q.target(), "used.percent", q.percent()));
            }
        }
        ClusterSnapshot.Summary sum = s.summary();
        samples.add(new Sample("cluster", "nodes.ready", sum.nodesReady()));
        samples.add(new Sample("cluster", "pods.running", sum.podsRunning()));
        if (sum.cpuUsageMillis() != null) {
            samples.add(new Sample("cluster", "cpu.usage", sum.cpuUsageMillis()));
            samples.add(new Sample("cluster", "memory.usage", sum.memoryUsageBytes()));
        }
        return samples;
    }
}
