package dev.kubeatlas.cluster.service;

import dev.kubeatlas.cluster.config.ClusterConfig;
import dev.kubeatlas.support.crypto.KeyedCipher;
import dev.kubeatlas.cluster.kube.ConnectionReport;
import dev.kubeatlas.cluster.model.Cluster;
import dev.kubeatlas.support.concurrent.Contexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks every registered cluster on its interval. Checks run on a pool of their own, at most
 * {@code kubeatlas.clusters.health.parallelism} at once and at most one per cluster, each bounded by the connection
 * timeout: an unreachable cluster holds one slot for that long and never delays the others' checks.
 */
@ApplicationScoped
public class HealthMonitor {

    private final ClusterService clusters;
    private final KeyedCipher cipher;
    private final HealthRecorder recorder;
    private final ClusterConfig.Health config;
    private final Vertx vertx;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool;

    record Target(String name, String context, String kubeconfig, int revision) {
        @Override
        public String toString() {
            return "Target[" + name + "]";
        }
    }

    public HealthMonitor(ClusterService clusters, KeyedCipher cipher, HealthRecorder recorder,
                         ClusterConfig config, Vertx vertx) {
        this.clusters = clusters;
        this.cipher = cipher;
        this.recorder = recorder;
        this.config = config.health();
        this.vertx = vertx;
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "cluster-health-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(Math.max(1, this.config.parallelism()), factory);
    }

    @Scheduled(every = "${kubeatlas.clusters.health.tick}", delay = 2, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        return Panache.withSession(() -> Cluster.<Cluster>listAll()).map(clusters -> clusters.stream()
                        .filter(c -> due(c, now))
                        .filter(c -> !inFlight.contains(c.name))
                        .map(this::target)
                        .toList())
                .invoke(this::launchAll)
                .replaceWithVoid();
    }

    /** Checks older than the retention go; status changes stay while the cluster is registered. */
    @Scheduled(every = "10m", delay = 1, delayUnit = TimeUnit.MINUTES)
    Uni<Void> prune() {
        return recorder.prune(Instant.now().minus(config.retention()))
                .invoke(n -> {
                    if (n > 0) {
                        Log.debugf("Pruned %d health checks", n);
                    }
                })
                .replaceWithVoid();
    }

    void stop(@Observes ShutdownEvent event) {
        pool.shutdownNow();
    }

    private boolean due(Cluster c, Instant now) {
        Duration interval = c.checkIntervalSeconds != null ? Duration.ofSeconds(c.checkIntervalSeconds)
                : config.defaultInterval();
        return c.lastCheckAt == null || !c.lastCheckAt.plus(interval).isAfter(now);
    }

    /** The cluster with its kubeconfig, or with none when the configured keys cannot open it. */
    private Target target(Cluster c) {
        String kubeconfig;
        try {
            kubeconfig = cipher.open(c.name, c.kubeconfig());
        } catch (IllegalStateException e) {
            kubeconfig = null;
        }
        return new Target(c.name, c.context, kubeconfig, c.credentialsRevision);
    }

    private void launchAll(List<Target> targets) {
        targets.forEach(t -> {
            if (inFlight.add(t.name())) {
                launch(t);
            }
        });
    }

    private void launch(Target target) {
        // each check gets a context of its own, so that its database session is its own
        Context context = Contexts.isolated(vertx);
        Uni.createFrom().item(() -> target.kubeconfig() == null
                        ? ConnectionReport.unreachable("The stored kubeconfig cannot be decrypted with the configured keys", 0)
                        : clusters.testStored(target.kubeconfig(), target.context(), false))
                .runSubscriptionOn(pool)
                .emitOn(Contexts.executor(context))
                .chain((ConnectionReport report) -> recorder.record(target.name(), target.revision(), report, false))
                .onTermination().invoke(() -> inFlight.remove(target.name()))
                .subscribe().with(ignored -> { }, e -> Log.warnf("Health check of cluster %s not recorded: %s",
                        target.name(), e.getMessage()));
    }
}
