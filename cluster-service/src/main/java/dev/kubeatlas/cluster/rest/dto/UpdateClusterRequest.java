package dev.kubeatlas.cluster.rest.dto;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * A change to a registration: every field left out (or null) stays as it is. {@code tags} replaces all tags. A new
 * {@code kubeconfig} or {@code context} is validated and tested like a registration.
 *
 * @param name                 must be absent or the cluster's own name: names are immutable
 * @param checkIntervalSeconds seconds between health checks; 0 goes back to the default
 */
public record UpdateClusterRequest(
        String name,
        @Size(max = 200) String displayName,
        @Size(max = 2000) String description,
        @Size(max = 40) String provider,
        @Size(max = 80) String region,
        Map<@Size(max = 63) String, @Size(max = 200) String> tags,
        String kubeconfig,
        String context,
        @Min(0) @Max(86400) Integer checkIntervalSeconds) {
}
