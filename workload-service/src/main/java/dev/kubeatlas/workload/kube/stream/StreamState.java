package dev.kubeatlas.workload.kube.stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one published kind of one cluster's change stream, what the streams API and {@code /q/metrics} show:
 * whether its informer watches, when the last notification came and with which resourceVersion, how many events it
 * published, how many recordings failed, how much work waits, how often the watchdog relisted it.
 */
final class StreamState {

    enum Phase {
        /** The initial list is complete and the watch connection is open. */
        WATCHING,
        /** Listing (at start, after a relist) or reconnecting the watch. */
        RELISTING,
        /** The informer stopped: the API server refused the kind (403, 404) or it could not start. */
        FAILED
    }

    final String cluster;
    final String kind;
    final AtomicLong published = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong pending = new AtomicLong();
    final AtomicLong relists = new AtomicLong();
    /** Recordings the pipeline stopped waiting for that still run in the database (they finish or fail on their own). */
    final AtomicLong overdue = new AtomicLong();
    volatile SharedIndexInformer<GenericKubernetesResource> informer;
    volatile Instant lastEventAt;
    volatile String lastResourceVersion;
    volatile Instant lastCheckAt;
    /** The watchdog saw the watch closed at its last check. */
    volatile boolean notWatchingAtLastCheck;
    /** The API server refused the kind; the watchdog leaves it alone. */
    volatile boolean refused;
    private final List<Meter> meters;

    StreamState(String cluster, String kind, MeterRegistry registry) {
        this.cluster = cluster;
        this.kind = kind;
        Tags tags = Tags.of("cluster", cluster, "kind", kind);
        meters = List.of(
                FunctionCounter.builder("kubeatlas.stream.published", published, AtomicLong::get).tags(tags)
                        .description("Events the change stream published").register(registry),
                FunctionCounter.builder("kubeatlas.stream.errors", errors, AtomicLong::get).tags(tags)
                        .description("Recordings of a change that failed or timed out").register(registry),
                FunctionCounter.builder("kubeatlas.stream.relists", relists, AtomicLong::get).tags(tags)
                        .description("Relists the watchdog started").register(registry),
                Gauge.builder("kubeatlas.stream.pending", pending, AtomicLong::get).tags(tags)
                        .description("Recordings waiting in the cluster's pipeline").register(registry),
                Gauge.builder("kubeatlas.stream.overdue", overdue, AtomicLong::get).tags(tags)
                        .description("Recordings given up by the pipeline that still run in the database").register(registry),
                Gauge.builder("kubeatlas.stream.watching", this, s -> s.phase() == Phase.WATCHING ? 1 : 0).tags(tags)
                        .description("1 while the kind is watched, 0 while it relists or failed").register(registry),
                Gauge.builder("kubeatlas.stream.last.event", this,
                                s -> s.lastEventAt == null ? 0 : s.lastEventAt.getEpochSecond()).tags(tags)
                        .baseUnit("seconds").description("When the last notification arrived (epoch)").register(registry));
    }

    Phase phase() {
        SharedIndexInformer<GenericKubernetesResource> current = informer;
        if (refused || current == null || !current.isRunning()) {
            return Phase.FAILED;
        }
        return current.hasSynced() && current.isWatching() ? Phase.WATCHING : Phase.RELISTING;
    }

    void notified(GenericKubernetesResource object) {
        lastEventAt = Instant.now();
        lastResourceVersion = object.getMetadata() == null ? null : object.getMetadata().getResourceVersion();
    }

    StreamView view() {
        return new StreamView(cluster, kind, phase().name().toLowerCase(), lastEventAt, lastResourceVersion,
                published.get(), errors.get(), pending.get(), overdue.get(), relists.get(), lastCheckAt);
    }

    void unregister(MeterRegistry registry) {
        meters.forEach(registry::remove);
    }
}
