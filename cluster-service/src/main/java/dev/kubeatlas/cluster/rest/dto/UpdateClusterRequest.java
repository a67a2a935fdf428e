package dev.kubeatlas.cluster.rest.dto;

import dev.kubeatlas.cluster.service.ClusterChange;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import java.util.Map;
import java.util.Set;

/**
 * A change to a registration, read from a JSON merge patch (RFC 7386): a field left out stays as it is, a field set
 * to null goes back to its default (no description, region or tags; the name as display name; the detected
 * provider; the default interval; the kubeconfig's current context). {@code tags} merge: a key set to null is
 * removed, the others are added or replaced. A new {@code kubeconfig} or {@code context} is validated and tested like
 * a registration; the kubeconfig cannot be removed.
 *
 * @param name                 must be absent or the cluster's own name: names are immutable
 * @param checkIntervalSeconds seconds between health checks; 0 goes back to the default
 */
public record UpdateClusterRequest(
        String name,
        @Size(max = 200) @NoNul String displayName,
        @Size(max = 2000) @NoNul String description,
        @Size(max = 40) @NoNul String provider,
        @Size(max = 80) @NoNul String region,
        Map<@Size(max = 63) @NoNul String, @Size(max = 200) @NoNul String> tags,
        String kubeconfig,
        @NoNul String context,
        @Min(0) @Max(86400) Integer checkIntervalSeconds) {

    /** @param removed the fields the merge patch sets to null */
    public ClusterChange toChange(Set<String> removed) {
        return new ClusterChange(name, displayName, description, provider, region, tags, kubeconfig, context,
                checkIntervalSeconds, removed);
    }

    /** Never print the kubeconfig. */
    @Override
    public String toString() {
        return "UpdateClusterRequest[name=" + name + ", newKubeconfig=" + (kubeconfig != null) + "]";
    }
}
