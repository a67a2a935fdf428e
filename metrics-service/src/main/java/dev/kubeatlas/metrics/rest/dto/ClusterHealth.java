package dev.kubeatlas.metrics.rest.dto;

import dev.kubeatlas.metrics.model.ClusterSnapshot;

import java.time.Instant;

/** A cluster's health with the issues behind it, counts and totals, from the snapshot collected at {@code collectedAt}. */
public record ClusterHealth(String cluster, Instant collectedAt, boolean usageAvailable, String usageUnavailableReason,
                            ClusterSnapshot.Summary summary) {

    public static ClusterHealth of(ClusterSnapshot s) {
        return new ClusterHealth(s.cluster(), s.at(), s.usageAvailable(), s.usageUnavailableReason(), s.summary());
    }
}
