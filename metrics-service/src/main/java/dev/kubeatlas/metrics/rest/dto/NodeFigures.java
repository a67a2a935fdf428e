package dev.kubeatlas.metrics.rest.dto;

import dev.kubeatlas.metrics.model.ClusterSnapshot;

import java.time.Instant;

/** One node's figures, from the snapshot collected at {@code collectedAt}. */
public record NodeFigures(String cluster, Instant collectedAt, boolean usageAvailable, String usageUnavailableReason,
                          ClusterSnapshot.NodeStats node) {

    public static NodeFigures of(ClusterSnapshot s, ClusterSnapshot.NodeStats node) {
        return new NodeFigures(s.cluster(), s.at(), s.usageAvailable(), s.usageUnavailableReason(), node);
    }
}
