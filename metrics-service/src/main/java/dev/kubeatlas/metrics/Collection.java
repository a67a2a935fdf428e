package dev.kubeatlas.metrics;

import dev.kubeatlas.support.consumer.ClusterDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Collects every registered cluster on its interval and stores the samples. Clusters are collected concurrently,
 * at most one collection per cluster at a time, so a slow or unreachable cluster delays only itself.
 */
@ApplicationScoped
public class Collection {

    private final Collector collector;
    private final Samples samples;
    private final ClusterDirectory directory;
    private final MeterRegistry registry;
    private final boolean enabled;
    private final Duration interval;
    private final Duration retention;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastStarted = new ConcurrentHashMap<>();

    public Collection(Collector collector, Samples samples, ClusterDirectory directory, MeterRegistry registry,
                      @ConfigProperty(name = "kubeatlas.metrics.collect.enabled") boolean enabled,
                      @ConfigProperty(name = "kubeatlas.metrics.collect.interval") Duration interval,
                      @ConfigProperty(name = "kubeatlas.metrics.retention.raw") Duration retention) {
        this.collector = collector;
        this.samples = samples;
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
        collector.snapshot(cluster)
                .chain(snapshot -> samples.store(cluster, snapshot.at(), Samples.of(snapshot)))
                .onTermination().invoke(() -> inFlight.remove(cluster))
                .subscribe().with(stored -> {
                    registry.timer("kubeatlas.metrics.collection", "cluster", cluster).record(Duration.between(start, Instant.now()));
                    registry.counter("kubeatlas.metrics.samples.stored", "cluster", cluster).increment(stored);
                }, failure -> {
                    registry.counter("kubeatlas.metrics.collection.errors", "cluster", cluster).increment();
                    Log.debugf("Collection of cluster %s failed: %s", cluster, failure.getMessage());
                });
    }

    @Scheduled(every = "10m", delay = 1, delayUnit = TimeUnit.MINUTES)
    Uni<Void> prune() {
        return samples.prune(Instant.now().minus(retention)).replaceWithVoid();
    }
}
