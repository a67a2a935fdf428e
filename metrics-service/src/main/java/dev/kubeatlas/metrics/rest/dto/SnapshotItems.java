package dev.kubeatlas.metrics.rest.dto;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.kubeatlas.metrics.model.ClusterSnapshot;
import dev.kubeatlas.support.rest.Items;

import java.time.Instant;
import java.util.List;

/**
 * A list of a cluster's figures in the platform's list envelope ({@code items}), with the snapshot it was read from:
 * when it was collected and whether usage was available.
 */
public record SnapshotItems<T>(String cluster, Instant collectedAt, boolean usageAvailable, String usageUnavailableReason,
                               @JsonUnwrapped Items<T> list) {

    public static <T> SnapshotItems<T> of(ClusterSnapshot s, List<T> items) {
        return new SnapshotItems<>(s.cluster(), s.at(), s.usageAvailable(), s.usageUnavailableReason(), Items.of(items));
    }
}
