package dev.kubeatlas.bench;

import dev.kubeatlas.metrics.kube.Collector;
import dev.kubeatlas.metrics.model.ClusterSnapshot;
import dev.kubeatlas.metrics.service.collection.RestartWindow;
import dev.kubeatlas.metrics.service.collection.Samples;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One collection of a large cluster, as {@link dev.kubeatlas.metrics.service.collection.CollectionScheduler} does it: read nodes, pods, quotas and metrics.k8s.io into
 * a snapshot, turn it into samples, store them. Run with {@code -Xmx256m}: it prints the time of each step, the
 * heap in use at its peak and after, and what a stored sample costs in PostgreSQL. The metrics scenario runs it in
 * a JVM of its own, so that the heap measured is the collection's alone (password: KUBEATLAS_DB_PASSWORD).
 *
 * <pre>CollectionBench KUBECONFIG DB_HOST DB_PORT DB_NAME DB_USER [RUNS]</pre>
 */
public final class CollectionBench {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        Config config = Config.fromKubeconfig(Files.readString(Path.of(args[0])));
        config.setRequestTimeout(60_000);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            ClusterSnapshot warm = Collector.collect("bench", client);
            Out.line(Out.f("Cluster: %,d nodes, %,d pods, usage from metrics.k8s.io: %s", warm.nodes().size(),
                    warm.pods().size(), warm.usageAvailable()));
            List<Double> times = new ArrayList<>();
            long peak = 0;
            ClusterSnapshot snapshot = warm;
            for (int i = 0; i < runs; i++) {
                warm = null;
                snapshot = null;
                System.gc();
                heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
                long t0 = System.nanoTime();
                snapshot = Collector.collect("bench", client);
                times.add((System.nanoTime() - t0) / 1e6);
                peak = Math.max(peak, heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum());
            }
            System.gc();
            long retained = heapPools().stream().mapToLong(p -> p.getUsage().getUsed()).sum();
            collectionLines(Stats.of(times), peak, retained, Runtime.getRuntime().maxMemory()).forEach(Out::line);

            List<Samples.Sample> taken = Samples.of(snapshot);
            taken.addAll(new RestartWindow(Duration.ofMinutes(10)).increases("bench", snapshot));
            store(args, taken);
        }
        System.exit(0); // the HTTP clients' threads would keep the JVM alive
    }

    static List<String> collectionLines(Stats times, long peakBytes, long retainedBytes, long maxBytes) {
        return List.of(
                Out.f("Collection (nodes, pods, quotas, node and pod metrics -> snapshot), %d runs: "
                        + "p50 %,.0f ms   max %,.0f ms   (target < 5,000 ms)", times.count(), times.median(), times.max()),
                Out.f("  heap: peak %,.0f MiB, after with the snapshot held %,.0f MiB, of a %,.0f MiB maximum"
                        + "   (target < 256 MiB)", peakBytes / 1048576.0, retainedBytes / 1048576.0, maxBytes / 1048576.0));
    }

    static void store(String[] args, List<Samples.Sample> taken) {
        Vertx vertx = Vertx.vertx();
        PgConnectOptions connect = new PgConnectOptions().setHost(args[1]).setPort(Integer.parseInt(args[2]))
                .setDatabase(args[3]).setUser(args[4]).addProperty("search_path", "metrics_service");
        String password = System.getenv("KUBEATLAS_DB_PASSWORD");
        if (password != null && !password.isEmpty()) {
            connect.setPassword(password);
        }
        Pool pool = PgPool.pool(vertx, connect, new PoolOptions().setMaxSize(2));
        String cluster = "bench-collect-" + Long.toHexString(System.nanoTime());
        try {
            Samples samples = new Samples(pool);
            samples.store(cluster + "-warm", Instant.now(), taken).await().indefinitely();
            long t0 = System.nanoTime();
            samples.store(cluster, Instant.now(), taken).await().indefinitely();
            double ms = (System.nanoTime() - t0) / 1e6;
            Out.line(Out.f("Store one cycle: %,d samples in %,.0f ms   (target < 1,000 ms)", taken.size(), ms));
            // the cycle alone in a table of the same layout and indexes: what it costs on disk
            pool.query("drop table if exists metric_sample_bench").execute().await().indefinitely();
            pool.query("create table metric_sample_bench (like metric_sample including all)").execute().await().indefinitely();
            pool.preparedQuery("insert into metric_sample_bench select * from metric_sample where cluster = $1")
                    .execute(Tuple.of(cluster)).await().indefinitely();
            long bytes = pool.query("select pg_total_relation_size('metric_sample_bench')").execute().await().indefinitely()
                    .iterator().next().getLong(0);
            pool.query("drop table metric_sample_bench").execute().await().indefinitely();
            Out.line(Out.f("  storage: %.0f bytes per raw sample (table and its indexes); at a 30 s interval a 5-minute "
                    + "rollup row stands for 10 samples, a 1-hour row for 120", bytes / (double) taken.size()));
            pool.preparedQuery("delete from metric_sample where cluster = $1 or cluster = $2")
                    .execute(Tuple.of(cluster, cluster + "-warm")).await().indefinitely();
        } finally {
            pool.close().await().indefinitely();
            vertx.close().await().indefinitely();
        }
    }

    static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private CollectionBench() {
    }
}
