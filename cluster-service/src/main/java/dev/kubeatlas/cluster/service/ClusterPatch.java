package dev.kubeatlas.cluster.service;

import dev.kubeatlas.cluster.kube.ProviderDetector;
import dev.kubeatlas.cluster.model.Cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A merge patch (RFC 7386) of a registration's own fields: a given value replaces, a removed field goes back to its
 * default, {@code tags} merge key by key. The credentials are not touched here: they are tested first.
 */
final class ClusterPatch {

    /** The shortest interval between health checks a cluster may ask for, in seconds. */
    static final int MIN_INTERVAL_SECONDS = 5;

    private ClusterPatch() {
    }

    /** Applies the change to the cluster's fields; returns the names of the fields that changed, in a fixed order. */
    static List<String> apply(Cluster c, ClusterChange r) {
        List<String> changed = new ArrayList<>();
        String displayName = r.removed().contains("displayName") ? defaultDisplayName(c.name, c.sandbox) : r.displayName();
        if (displayName != null && !displayName.equals(c.displayName)) {
            c.displayName = displayName;
            changed.add("displayName");
        }
        String description = r.removed().contains("description") ? "" : r.description();
        if (description != null && !description.equals(Objects.toString(c.description, ""))) {
            c.description = description.isEmpty() ? null : description;
            changed.add("description");
        }
        String provider = r.removed().contains("provider") ? detectedProvider(c) : r.provider();
        if (provider != null && !provider.isBlank() && !provider.equals(c.provider)) {
            c.provider = provider;
            changed.add("provider");
        }
        String region = r.removed().contains("region") ? "" : r.region();
        if (region != null && !region.equals(Objects.toString(c.region, ""))) {
            c.region = region.isEmpty() ? null : region;
            changed.add("region");
        }
        Map<String, String> tags = r.removed().contains("tags") ? Map.of() : merged(c.tags, r.tags());
        if (!tags.equals(c.tags == null ? Map.of() : c.tags)) {
            c.tags = tags;
            changed.add("tags");
        }
        Integer requested = r.removed().contains("checkIntervalSeconds") ? Integer.valueOf(0) : r.checkIntervalSeconds();
        if (requested != null) {
            Integer interval = requested == 0 ? null : Math.max(MIN_INTERVAL_SECONDS, requested);
            if (!Objects.equals(interval, c.checkIntervalSeconds)) {
                c.checkIntervalSeconds = interval;
                changed.add("checkIntervalSeconds");
            }
        }
        return changed;
    }

    /** The tags with a patch's applied: a value sets its key, null removes it. */
    static Map<String, String> merged(Map<String, String> tags, Map<String, String> patch) {
        Map<String, String> result = new LinkedHashMap<>(tags == null ? Map.of() : tags);
        if (patch != null) {
            patch.forEach((key, value) -> {
                if (value == null) {
                    result.remove(key);
                } else {
                    result.put(key, value);
                }
            });
        }
        return Map.copyOf(result);
    }

    static String defaultDisplayName(String name, boolean sandbox) {
        return sandbox ? name + " (simulated)" : name;
    }

    static String detectedProvider(Cluster c) {
        return c.sandbox ? "sandbox" : ProviderDetector.detect(c.server, null, c.kubernetesVersion);
    }
}
