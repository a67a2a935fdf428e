package dev.kubeatlas.metrics.rest.dto;

import dev.kubeatlas.metrics.service.collection.CollectionScheduler;

import java.time.Instant;

/** How often a cluster is collected (its own interval or the default) and how its last collection went. */
public record CollectionView(String cluster, long intervalSeconds, long defaultIntervalSeconds, Instant lastStartedAt,
                             boolean collecting, String lastError) {

    public static CollectionView of(CollectionScheduler.Status s) {
        return new CollectionView(s.cluster(), s.intervalSeconds(), s.defaultIntervalSeconds(), s.lastStartedAt(),
                s.collecting(), s.lastError());
    }
}
