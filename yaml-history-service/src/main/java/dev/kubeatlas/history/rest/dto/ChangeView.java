package dev.kubeatlas.history.rest.dto;

import dev.kubeatlas.history.model.ResourceVersion;
import dev.kubeatlas.history.model.TrackedResource;

/** One entry of a cluster's change timeline: the resource and the version the change made. */
public record ChangeView(String resource, String kind, String namespace, String name, VersionView version) {

    public static ChangeView of(TrackedResource t, ResourceVersion v) {
        return new ChangeView(t.resource, t.kind, t.namespace, t.name, VersionView.of(v));
    }
}
