package dev.kubeatlas.events.cluster.v1;

import java.util.Map;

/**
 * A cluster was registered. Carries no credential: {@code server} is the API server URL only.
 *
 * @param status  {@code connected}, {@code degraded} or {@code unreachable} at registration
 * @param sandbox true for the simulated demo cluster
 */
public record ClusterRegistered(
        String name,
        String displayName,
        String provider,
        String region,
        String server,
        String kubernetesVersion,
        String status,
        boolean sandbox,
        Map<String, String> tags,
        String registeredBy) {
}
