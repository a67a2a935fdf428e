package dev.kubeatlas.metrics.service;

import dev.kubeatlas.metrics.kube.Collector;
import dev.kubeatlas.metrics.model.ClusterSnapshot;
import dev.kubeatlas.support.concurrent.Contexts;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The last snapshot of each cluster, as its collection (or a live read) left it, and the one door to a live read: a
 * cluster is read at most once at a time, whoever asks (the collection, {@code ?live=true}, a first request); a read
 * asked while one runs shares its result. Requests are answered from the kept snapshot; a cluster without one is
 * read once. A 30,000-pod read peaks at about 150 MiB of heap: bounding it per cluster keeps the service inside its
 * heap however many requests arrive.
 */
@ApplicationScoped
public class Snapshots {

    private final Collector collector;
    private final Map<String, ClusterSnapshot> last = new ConcurrentHashMap<>();
    private final Map<String, Uni<ClusterSnapshot>> reading = new ConcurrentHashMap<>();

    public Snapshots(Collector collector) {
        this.collector = collector;
    }

    /** The last snapshot of the cluster; read now when asked ({@code live}) or when there is none yet. */
    public Uni<ClusterSnapshot> get(String cluster, boolean live) {
        ClusterSnapshot kept = live ? null : last.get(cluster);
        return kept != null ? Uni.createFrom().item(kept) : read(cluster);
    }

    /**
     * Reads the cluster now and keeps the snapshot; when a read of the cluster runs already, its result. The answer
     * comes back on the caller's Vert.x context, whichever request started the read.
     */
    public Uni<ClusterSnapshot> read(String cluster) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Uni<ClusterSnapshot> shared = reading.computeIfAbsent(cluster, this::start);
            return caller == null ? shared : shared.emitOn(Contexts.executor(caller));
        });
    }

    private Uni<ClusterSnapshot> start(String cluster) {
        AtomicReference<Uni<ClusterSnapshot>> self = new AtomicReference<>();
        Uni<ClusterSnapshot> read = collector.snapshot(cluster)
                .invoke(snapshot -> last.put(cluster, snapshot))
                .onTermination().invoke(() -> reading.remove(cluster, self.get()))
                .memoize().indefinitely();
        self.set(read);
        return read;
    }

    /** A removed cluster's snapshot goes with it. */
    public void forget(String cluster) {
        last.remove(cluster);
    }

    /**
     * Drops the snapshots of clusters that are not collected (not in {@code collected}) and older than
     * {@code olderThan}: a cluster read once on request is read again later, not answered from an old read forever.
     */
    public void retain(Set<String> collected, Instant olderThan) {
        last.entrySet().removeIf(e -> !collected.contains(e.getKey()) && e.getValue().at().isBefore(olderThan));
    }
}
