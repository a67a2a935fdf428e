package dev.kubeatlas.events.cluster.v1;

/**
 * A cluster's health status changed. Published only on change.
 *
 * @param previousStatus {@code connected}, {@code degraded}, {@code unreachable}, or null for the first check
 * @param reason         why the cluster is not healthy; null when connected
 */
public record ClusterHealthChanged(
        String name,
        String previousStatus,
        String status,
        String reason,
        String kubernetesVersion,
        Integer nodesReady,
        Integer nodesTotal,
        Long latencyMillis) {
}
