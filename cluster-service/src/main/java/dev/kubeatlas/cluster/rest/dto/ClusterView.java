package dev.kubeatlas.cluster.rest.dto;

import dev.kubeatlas.cluster.model.Cluster;

import java.time.Instant;
import java.util.Map;

/**
 * A cluster as the public API shows it: never its credentials.
 *
 * @param permissions what the credentials may do, from the last full connection test ({@code allowed},
 *                    {@code denied} or {@code unknown} by verb and resource)
 */
public record ClusterView(String name, String displayName, String description, String provider, String region,
                          Map<String, String> tags, String server, String context, String authKind, boolean sandbox,
                          String kubernetesVersion, String status, String statusReason, Instant statusSince,
                          Integer nodesReady, Integer nodesTotal, Integer namespaces, Long latencyMillis,
                          Instant lastCheckAt, int checkIntervalSeconds, Map<String, String> permissions,
                          Instant createdAt, String createdBy, Instant updatedAt) {

    public static ClusterView of(Cluster c, int defaultIntervalSeconds) {
        return new ClusterView(c.name, c.displayName, c.description, c.provider, c.region, c.tags, c.server, c.context,
                c.authKind, c.sandbox, c.kubernetesVersion, c.status, c.statusReason, c.statusSince, c.nodesReady,
                c.nodesTotal, c.namespaceCount, c.latencyMillis, c.lastCheckAt,
                c.checkIntervalSeconds != null ? c.checkIntervalSeconds : defaultIntervalSeconds,
                c.permissions == null || c.permissions.isEmpty() ? null : c.permissions,
                c.createdAt, c.createdBy, c.updatedAt);
    }
}
