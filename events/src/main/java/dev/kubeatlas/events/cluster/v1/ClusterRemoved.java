package dev.kubeatlas.events.cluster.v1;

/** A cluster was removed and its credentials deleted. Holders of a client for it must close it. */
public record ClusterRemoved(String name, String removedBy) {
}
