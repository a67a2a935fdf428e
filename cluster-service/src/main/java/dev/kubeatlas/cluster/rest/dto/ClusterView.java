package dev.kubeatlas.cluster.rest.dto;

import dev.kubeatlas.cluster.model.Cluster;

import java.time.Instant;
import java.util.Map;

/** A cluster as the public API shows it: never its credentials. */
public record ClusterView(String name, String displayName, String description, String provider, String region,
                          Map<String, String> tags, String server, String context, String authKind, boolean sandbox,
                          String kubernetesVersion, String status, String statusReason, Integer nodesReady,
                          Integer nodesTotal, Integer namespaces, Long latencyMillis, Instant lastCheckAt,
                          Instant createdAt, String createdBy) {

    public static ClusterView of(Cluster c) {
        return new ClusterView(c.name, c.displayName, c.description, c.provider, c.region, c.tags, c.server, c.context,
                c.authKind, c.sandbox, c.kubernetesVersion, c.status, c.statusReason, c.nodesReady, c.nodesTotal,
                c.namespaceCount, c.latencyMillis, c.lastCheckAt, c.createdAt, c.createdBy);
    }
}
