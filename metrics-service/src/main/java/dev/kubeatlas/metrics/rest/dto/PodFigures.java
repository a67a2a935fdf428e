package dev.kubeatlas.metrics.rest.dto;

import dev.kubeatlas.metrics.model.ClusterSnapshot;

import java.time.Instant;

/** One pod's figures, per container, from the snapshot collected at {@code collectedAt}. */
public record PodFigures(String cluster, Instant collectedAt, boolean usageAvailable, String usageUnavailableReason,
                         ClusterSnapshot.PodStats pod) {

    public static PodFigures of(ClusterSnapshot s, ClusterSnapshot.PodStats pod) {
        return new PodFigures(s.cluster(), s.at(), s.usageAvailable(), s.usageUnavailableReason(), pod);
    }
}
