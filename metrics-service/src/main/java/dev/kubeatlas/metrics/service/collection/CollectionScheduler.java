package dev.kubeatlas.metrics.service.collection;

import dev.kubeatlas.metrics.config.MetricsConfig;
import dev.kubeatlas.metrics.model.AlertRule;
import dev.kubeatlas.metrics.model.ClusterSnapshot;
import dev.kubeatlas.metrics.model.CollectionSetting;
import dev.kubeatlas.metrics.service.Snapshots;
import dev.kubeatlas.metrics.service.alerts.AlertEvaluator;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.concurrent.Contexts;
import dev.kubeatlas.support.consumer.ClusterDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Collects every registered cluster on its interval, stores the samples and evaluates the alert rules. Clusters are collected concurrently,
 * at most one collection per cluster at a time, so a slow or unreachable cluster delays only itself.
 */
@ApplicationScoped
public class CollectionScheduler {

    private final Snapshots snapshots;
    private final Samples samples;
    private final AlertEvaluator alerts;
    private final Vertx vertx;
    private final ClusterDirectory directory;
    private final MeterRegistry registry;
    private final boolean enabled;
    private final Duration interval;
    private final Samples.Retention retention;
    private final Map<String, Duration> intervals = new ConcurrentHashMap<>();
    private final RestartWindow restarts;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastStarted = new ConcurrentHashMap<>();
    private final Map<String, String> lastError = new ConcurrentHashMap<>();

    public CollectionScheduler(Snapshots snapshots, Samples samples, AlertEvaluator alerts, Vertx vertx,
                      ClusterDirectory directory, MeterRegistry registry, MetricsConfig config) {
        this.snapshots = snapshots;
        this.samples = samples;
        this.alerts = alerts;
        this.vertx = vertx;
        this.directory = directory;
        this.registry = registry;
        this.enabled = config.collect().enabled();
        this.interval = config.collect().interval();
        this.retention = new Samples.Retention(config.retention().raw(), config.retention().fiveMinutes(),
                config.retention().oneHour());
        this.restarts = new RestartWindow(config.restartsWindow());
    }

    public Samples.Retention retention() {
        return retention;
    }

    /** The cluster's interval: its own setting, or the default. */
    public Duration interval(String cluster) {
        return intervals.getOrDefault(cluster, interval);
    }

    /**
     * A removed cluster's state goes with it: it is no longer collected (it has left the directory), its open alerts
     * are resolved and said so once, its interval setting is deleted (a cluster registered again under the name starts
     * on the default), its own rules are disabled but kept with their alerts' history, and its figures leave
     * {@code /q/metrics}. Its samples age out with the retention.
     */
    public void removed(String cluster) {
        restarts.forget(cluster);
        lastStarted.remove(cluster);
        lastError.remove(cluster);
        intervals.remove(cluster);
        Contexts.isolated(vertx).runOnContext(ignored -> forget(cluster).subscribe().with(
                resolved -> Log.infof("Cluster %s removed: %d open alert(s) resolved, its collection stopped", cluster, resolved),
                failure -> Log.warnf("Forgetting removed cluster %s failed (its alerts are resolved later): %s",
                        cluster, failure.toString())));
    }

    private Uni<Integer> forget(String cluster) {
        return Panache.withTransaction(() -> CollectionSetting.delete("cluster", cluster)
                        .chain(() -> AlertRule.update("enabled = false where cluster = ?1", cluster))
                        .chain(() -> alerts.resolveRemoved(cluster, Instant.now())))
                .invoke(() -> dropFigures(name -> name.equals(cluster)));
    }

    /** Removes the figures ({@code kubeatlas.metrics.*} meters) of the clusters that match. */
    private void dropFigures(Predicate<String> clusters) {
        registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("kubeatlas.metrics."))
                .filter(m -> m.getId().getTag("cluster") != null && clusters.test(m.getId().getTag("cluster")))
                .toList()
                .forEach(m -> {
                    registry.remove(m);
                    alerts.forget(m.getId().getTag("cluster"));
                });
    }

    /** A setting changed: applies from the next tick, without waiting for the settings to be read again. */
    public void intervalChanged(String cluster, Duration own) {
        if (own == null) {
            intervals.remove(cluster);
        } else {
            intervals.put(cluster, own);
        }
    }

    /** How often a cluster is collected and how its last collection went. */
    public record Status(String cluster, long intervalSeconds, long defaultIntervalSeconds, Instant lastStartedAt,
                         boolean collecting, String lastError) {
    }

    /** What the last collection of a cluster did, for the collection view. */
    public Status status(String cluster) {
        return new Status(cluster, interval(cluster).toSeconds(), interval.toSeconds(), lastStarted.get(cluster),
                inFlight.contains(cluster), lastError.get(cluster));
    }

    @Scheduled(every = "${kubeatlas.metrics.collect.tick}", delay = 2, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        return Panache.withSession(() -> CollectionSetting.<CollectionSetting>listAll().invoke(settings -> {
                            Map<String, Duration> fresh = new HashMap<>();
                            settings.forEach(setting -> fresh.put(setting.cluster, Duration.ofSeconds(setting.intervalSeconds)));
                            intervals.keySet().retainAll(fresh.keySet());
                            intervals.putAll(fresh);
                        }).chain(directory::list))
                .invoke(known -> {
                    Set<String> names = known.stream().map(k -> k.name).collect(Collectors.toSet());
                    // only registered clusters have figures, whatever a late collection of a removed one recorded
                    dropFigures(name -> !names.contains(name));
                    // a cluster read once on request, not collected, is read again rather than answered from an old read
                    snapshots.retain(names, now.minus(interval));
                    names.stream()
                            .filter(name -> !lastStarted.getOrDefault(name, Instant.EPOCH).plus(interval(name)).isAfter(now))
                            .filter(inFlight::add)
                            .forEach(this::collect);
                })
                .replaceWithVoid();
    }

    private void collect(String cluster) {
        Instant start = Instant.now();
        lastStarted.put(cluster, start);
        // each collection on a context of its own: its database session must not meet another cluster's
        Contexts.isolated(vertx).runOnContext(ignored -> run(cluster, start));
    }

    private void run(String cluster, Instant start) {
        snapshots.read(cluster)
                // some 157,000 samples for 30,000 pods: built on a worker thread, never on the event loop
                .chain(snapshot -> Blocking.call(() -> cycle(cluster, snapshot)))
                .chain(cycle -> samples.store(cluster, cycle.snapshot().at(), cycle.chunks())
                        .chain(stored -> alerts.evaluate(cluster, cycle.samples(), cycle.snapshot())
                                .map(known -> known ? stored : null)))
                .onTermination().invoke(() -> inFlight.remove(cluster))
                .subscribe().with(stored -> {
                    if (stored == null) {
                        // removed while it was collected: it has no figures any more
                        lastStarted.remove(cluster);
                        return;
                    }
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

    /** One cycle's samples, and the same as the arrays they are stored from. */
    record Cycle(ClusterSnapshot snapshot, List<Samples.Sample> samples, List<Samples.Chunk> chunks) {
    }

    /** The samples of a snapshot: CPU work, run on a worker thread. */
    private Cycle cycle(String cluster, ClusterSnapshot snapshot) {
        List<Samples.Sample> taken = Samples.of(snapshot);
        taken.addAll(restarts.increases(cluster, snapshot));
        return new Cycle(snapshot, taken, Samples.chunks(taken));
    }

    /** The last quarter hour's complete buckets, every minute: a rollup is never more than a minute behind. */
    @Scheduled(every = "${kubeatlas.metrics.rollup.every}", delay = 30, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rollUp() {
        return samples.rollUp(Instant.now(), Duration.ofMinutes(15))
                .onFailure().invoke(e -> Log.warnf("Rolling up samples failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Open alerts of clusters no longer registered, should resolving them on removal have failed. */
    @Scheduled(every = "1m", delay = 40, delayUnit = TimeUnit.SECONDS, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resolveOrphans() {
        return Panache.withTransaction(() -> alerts.resolveOrphans(Instant.now()))
                .onFailure().invoke(e -> Log.warnf("Resolving the alerts of removed clusters failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @Scheduled(every = "10m", delay = 1, delayUnit = TimeUnit.MINUTES)
    Uni<Void> prune() {
        return samples.prune(Instant.now(), retention).replaceWithVoid();
    }
}
