package dev.kubeatlas.metrics;

import dev.kubeatlas.metrics.alerts.AlertEvaluator;
import dev.kubeatlas.support.concurrent.Contexts;
import dev.kubeatlas.support.consumer.ClusterDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Collects every registered cluster on its interval, stores the samples and evaluates the alert rules. Clusters are collected concurrently,
 * at most one collection per cluster at a time, so a slow or unreachable cluster delays only itself.
 */
@ApplicationScoped
public class Collection {

    private final Collector collector;
    private final Samples samples;
    private final AlertEvaluator alerts;
    private final Vertx vertx;
    private final ClusterDirectory directory;
    private final MeterRegistry registry;
    private final boolean enabled;
    private final Duration interval;
    private final Duration retention;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastStarted = new ConcurrentHashMap<>();
    private final Map<String, String> lastError = new ConcurrentHashMap<>();

    public Collection(Collector collector, Samples samples, AlertEvaluator alerts, Vertx vertx,
                      ClusterDirectory directory, MeterRegistry registry,
                      @ConfigProperty(name = "kubeatlas.metrics.collect.enabled") boolean enabled,
                      @ConfigProperty(name = "kubeatlas.metrics.collect.interval") Duration interval,
                      @ConfigProperty(name = "kubeatlas.metrics.retention.raw") Duration retention) {
        this.collector = collector;
        this.samples = samples;
        this.alerts = alerts;
        this.vertx = vertx;
        this.directory = directory;
        this.registry = registry;
        this.enabled = enabled;
        this.interval = interval;
        this.retention = retention;
    }

    @Scheduled(every = "${kubeatlas.metrics.collect.tick}", delay = 2, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        return Panache.withSession(directory::list).invoke(known -> known.stream().map(k -> k.name)
                        .filter(name -> !lastStarted.getOrDefault(name, Instant.EPOCH).plus(interval).isAfter(now))
                        .filter(inFlight::add)
                        .forEach(this::collect))
                .replaceWithVoid();
    }

    private void collect(String cluster) {
        Instant start = Instant.now();
        lastStarted.put(cluster, start);
        // each collection on a context of its own: its database session must not meet another cluster's
        Contexts.isolated(vertx).runOnContext(ignored -> run(cluster, start));
    }

    private void run(String cluster, Instant start) {
        collector.snapshot(cluster)
                .chain(snapshot -> {
                    List<Samples.Sample> taken = Samples.of(snapshot);
                    return samples.store(cluster, snapshot.at(), taken)
                            .call(() -> alerts.evaluate(cluster, taken, snapshot.at()));
                })
                .onTermination().invoke(() -> inFlight.remove(cluster))
                .subscribe().with(stored -> {
                    registry.timer("kubeatlas.metrics.collection", "cluster", cluster).record(Duration.between(start, Instant.now()));
                    registry.counter("kubeatlas.metrics.samples.stored", "cluster", cluster).increment(stored);
                    lastError.remove(cluster);
                }, failure -> {
                    registry.counter("kubeatlas.metrics.collection.errors", "cluster", cluster).increment();
                    // said once per cluster and cause, not every cycle
                    if (!String.valueOf(failure.getMessage()).equals(lastError.put(cluster, String.valueOf(failure.getMessage())))) {
                        Log.warnf("Collection of cluster %s failed: %s", cluster, failure.getMessage());
                    }
                });
    }

    @Scheduled(every = "10m", delay = 1, delayUnit = TimeUnit.MINUTES)
    Uni<Void> prune() {
        return samples.prune(Instant.now().minus(retention)).replaceWithVoid();
    }
}
