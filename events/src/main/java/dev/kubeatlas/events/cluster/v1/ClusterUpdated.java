package dev.kubeatlas.events.cluster.v1;

import java.util.List;
import java.util.Map;

/**
 * A cluster's registration changed.
 *
 * @param changedFields        names of the fields that changed ({@code displayName}, {@code tags}, {@code kubeconfig}, ...)
 * @param credentialsChanged   true when the kubeconfig was replaced: holders of a client for this cluster must drop it
 */
public record ClusterUpdated(
        String name,
        String displayName,
        String provider,
        String region,
        String server,
        Map<String, String> tags,
        List<String> changedFields,
        boolean credentialsChanged,
        String updatedBy) {
}
