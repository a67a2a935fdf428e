package dev.kubeatlas.cluster.service;

import java.util.Map;
import java.util.Set;

/**
 * A change to a registration, as a JSON merge patch (RFC 7386) describes it: a null field stays as it is, a field
 * named in {@code removed} goes back to its default, {@code tags} merge key by key (a null value removes the key).
 *
 * @param name    must be null or the cluster's own name: names are immutable
 * @param removed the fields the patch sets to null
 */
public record ClusterChange(String name, String displayName, String description, String provider, String region,
                            Map<String, String> tags, String kubeconfig, String context, Integer checkIntervalSeconds,
                            Set<String> removed) {

    public ClusterChange {
        removed = removed == null ? Set.of() : Set.copyOf(removed);
    }

    /** A change of the kubeconfig (and context) only. */
    public static ClusterChange credentials(String kubeconfig, String context) {
        return new ClusterChange(null, null, null, null, null, null, kubeconfig, context, null, Set.of());
    }

    /** Whether the change replaces the credentials: they are validated and tested first. */
    public boolean newCredentials() {
        return kubeconfig != null || context != null || removed.contains("context");
    }

    /** Never print the kubeconfig. */
    @Override
    public String toString() {
        return "ClusterChange[name=" + name + ", removed=" + removed + ", newCredentials=" + newCredentials() + "]";
    }
}
