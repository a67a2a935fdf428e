package dev.kubeatlas.history.rest.dto;

/** A resource of the cluster with a version of the tag asked for. */
public record TaggedResourceView(String resource, String namespace, String name, int version) {
}
