package dev.kubeatlas.history.rest.dto;

import dev.kubeatlas.history.model.ResourceVersion;

import java.time.Instant;

/** One version of a resource; {@code drift} when it was made outside KubeAtlas. */
public record VersionView(int number, String changeType, String actor, String source, boolean drift, Instant at,
                          String resourceVersion, String summary, String contentHash) {

    public static VersionView of(ResourceVersion v) {
        return new VersionView(v.number, v.changeType, v.actor, v.source, "external".equals(v.source), v.at,
                v.resourceVersion, v.summary, v.contentHash);
    }
}
