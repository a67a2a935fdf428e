package dev.kubeatlas.history.rest.dto;

import dev.kubeatlas.history.model.VersionTag;

import java.time.Instant;

/** A tag on a version of a resource. */
public record TagView(String tag, int version, String createdBy, Instant createdAt) {

    public static TagView of(VersionTag t) {
        return new TagView(t.tag, t.number, t.createdBy, t.createdAt);
    }
}
