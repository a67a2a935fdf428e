package dev.kubeatlas.events.resource.v1;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A watched resource changed in a cluster, through KubeAtlas or outside it.
 *
 * @param changeType  {@code ADDED}, {@code MODIFIED}, {@code DELETED} or {@code BASELINE} (state found at watch start)
 * @param source      {@code kubeatlas} when the change was made through the platform, {@code external} otherwise
 * @param actor       the user behind a KubeAtlas change; null for external changes
 * @param manifest    the object as the API server returned it; Secret {@code data} values are replaced by hashes
 * @param contentHash SHA-256 of the normalized manifest (metadata noise such as resourceVersion removed)
 */
public record ResourceChanged(
        String cluster,
        String apiVersion,
        String kind,
        String resource,
        String namespace,
        String name,
        String uid,
        String resourceVersion,
        String changeType,
        String source,
        String actor,
        JsonNode manifest,
        String contentHash) {
}
