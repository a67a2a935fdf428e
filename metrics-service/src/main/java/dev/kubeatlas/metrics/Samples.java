package dev.kubeatlas.metrics;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Stored samples: one batch insert per collection cycle, series read back in buckets of {@code step} seconds
 * (the average of the samples in each bucket).
 */
@ApplicationScoped
public class Samples {

    public record Sample(String target, String metric, double value) {
    }

    public record Point(Instant t, double v) {
    }

    private final Pool pool;

    public Samples(Pool pool) {
        this.pool = pool;
    }

    public Uni<Integer> store(String cluster, Instant at, List<Sample> samples) {
        if (samples.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        OffsetDateTime time = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        List<Tuple> rows = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            rows.add(Tuple.of(cluster, s.target(), s.metric(), time, s.value()));
        }
        return pool.preparedQuery("insert into metric_sample (cluster, target, metric, at, value) values ($1, $2, $3, $4, $5)")
                .executeBatch(rows).replaceWith(samples.size());
    }

    public Uni<List<Point>> series(String cluster, String target, String metric, Instant from, Instant to, long stepSeconds) {
        return pool.preparedQuery("""
                        select to_timestamp(floor(extract(epoch from at) / $6) * $6) as bucket, avg(value) as v
                        from metric_sample
                        where cluster = $1 and target = $2 and metric = $3 and at >= $4 and at <= $5
                        group by bucket order by bucket""")
                .execute(Tuple.of(cluster, target, metric, OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(to, ZoneOffset.UTC), (double) stepSeconds))
                .map(rows -> {
                    List<Point> points = new ArrayList<>();
                    for (Row row : rows) {
                        points.add(new Point(row.getOffsetDateTime("bucket").toInstant(), row.getDouble("v")));
                    }
                    return points;
                });
    }

    public Uni<Integer> prune(Instant before) {
        return pool.preparedQuery("delete from metric_sample where at < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(before, ZoneOffset.UTC))).map(r -> r.rowCount());
    }

    /** What one snapshot stores: usage and counts per node, usage and restarts per pod, cluster totals. */
    static List<Sample> of(ClusterSnapshot s) {
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
