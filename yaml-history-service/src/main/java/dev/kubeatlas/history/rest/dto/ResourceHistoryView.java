package dev.kubeatlas.history.rest.dto;

import dev.kubeatlas.history.model.TrackedResource;

import java.util.List;

/** A resource and its versions (in {@code items}), newest first. */
public record ResourceHistoryView(String cluster, String resource, String kind, String namespace, String name,
                                  boolean deleted, int latestVersion, List<VersionView> items) {

    public static ResourceHistoryView of(TrackedResource t, List<VersionView> items) {
        return new ResourceHistoryView(t.cluster, t.resource, t.kind, t.namespace, t.name, t.deleted, t.latestVersion,
                items);
    }
}
