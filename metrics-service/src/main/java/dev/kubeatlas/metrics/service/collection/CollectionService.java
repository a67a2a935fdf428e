package dev.kubeatlas.metrics.service.collection;

import dev.kubeatlas.metrics.model.CollectionSetting;
import dev.kubeatlas.metrics.service.KnownClusters;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/** How often a cluster is collected: its own interval (kept in {@code collection_setting}) or the default. */
@ApplicationScoped
public class CollectionService {

    private final CollectionScheduler scheduler;
    private final KnownClusters known;

    public CollectionService(CollectionScheduler scheduler, KnownClusters known) {
        this.scheduler = scheduler;
        this.known = known;
    }

    /** The registered cluster's interval and how its last collection went; 404 for a cluster that is not. */
    public Uni<CollectionScheduler.Status> status(String cluster) {
        return known.require(cluster).map(ignored -> scheduler.status(cluster));
    }

    /** Sets the cluster's own interval; it applies from the next tick. */
    public Uni<CollectionScheduler.Status> setInterval(String cluster, int intervalSeconds, String actor) {
        return known.require(cluster).chain(() -> Panache.withTransaction(() -> CollectionSetting.<CollectionSetting>findById(cluster).chain(found -> {
                    CollectionSetting setting = found != null ? found : new CollectionSetting();
                    setting.cluster = cluster;
                    setting.intervalSeconds = intervalSeconds;
                    setting.updatedBy = actor;
                    setting.updatedAt = Instant.now();
                    return setting.persist();
                })))
                .invoke(() -> scheduler.intervalChanged(cluster, Duration.ofSeconds(intervalSeconds)))
                .map(ignored -> scheduler.status(cluster));
    }

    /** Returns the cluster to the default interval. */
    public Uni<CollectionScheduler.Status> resetInterval(String cluster) {
        return known.require(cluster).chain(() -> Panache.withTransaction(() -> CollectionSetting.delete("cluster", cluster)))
                .invoke(() -> scheduler.intervalChanged(cluster, null))
                .map(ignored -> scheduler.status(cluster));
    }
}
