package dev.kubeatlas.workload.kube.stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Compares what a LIST returned with what the change stream holds (its cache, or what it published), by uid and
 * resourceVersion. ResourceVersions are compared as numbers when both are (as every API server backed by etcd
 * gives them), so something newer than the LIST is not a difference; otherwise they must be equal.
 */
final class Versions {

    /** uid to resourceVersion of the listed objects. */
    static Map<String, String> of(GenericKubernetesResourceList list) {
        Map<String, String> versions = new HashMap<>();
        list.getItems().forEach(o -> versions.put(o.getMetadata().getUid(), o.getMetadata().getResourceVersion()));
        return versions;
    }

    /**
     * The uid of an object whose listed version {@code held} lacks (or that {@code held} has though the LIST, at
     * {@code listVersion}, no longer had it), if any.
     */
    static Optional<String> missed(Map<String, String> listed, String listVersion, Map<String, String> held) {
        for (Map.Entry<String, String> object : listed.entrySet()) {
            String version = held.get(object.getKey());
            if (version == null || older(version, object.getValue())) {
                return Optional.of(object.getKey());
            }
        }
        for (Map.Entry<String, String> object : held.entrySet()) {
            if (!listed.containsKey(object.getKey()) && !older(listVersion, object.getValue())) {
                return Optional.of(object.getKey());
            }
        }
        return Optional.empty();
    }

    /** Whether {@code a} is older than {@code b}: as numbers if both are, otherwise whether they differ. */
    static boolean older(String a, String b) {
        if (a == null || b == null) {
            return a != b;
        }
        try {
            return Long.parseLong(a) < Long.parseLong(b);
        } catch (NumberFormatException e) {
            return !a.equals(b);
        }
    }

    private Versions() {
    }
}
