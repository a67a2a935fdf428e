package dev.kubeatlas.support.consumer;

/**
 * Fired as a CDI event after a lifecycle event was applied to the service's {@link ClusterDirectory}, so that holders
 * of per-cluster state (clients, informers) can react.
 */
public record ClusterChanged(String name, Change change) {

    public enum Change {
        REGISTERED,
        /** Registration data changed; the credentials did not. */
        UPDATED,
        /** The kubeconfig was replaced: clients built from the old one must go. */
        CREDENTIALS_CHANGED,
        HEALTH_CHANGED,
        REMOVED
    }
}
