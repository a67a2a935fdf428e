package dev.kubeatlas.metrics.service;

import dev.kubeatlas.metrics.kube.ClusterAccess;
import dev.kubeatlas.support.consumer.ClusterDirectory;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether a cluster is registered, before anything is stored for it: known from the lifecycle events (the service's
 * own directory), else as cluster-service answers for its credentials. A cluster neither knows is a 404 problem.
 */
@ApplicationScoped
public class KnownClusters {

    private final ClusterDirectory directory;
    private final ClusterAccess clusters;

    public KnownClusters(ClusterDirectory directory, ClusterAccess clusters) {
        this.directory = directory;
        this.clusters = clusters;
    }

    /** Completes when the cluster is registered; fails with 404 {@code cluster-not-found} when it is not. */
    public Uni<Void> require(String cluster) {
        // the directory's session is closed before cluster-service is asked
        return Panache.withSession(() -> directory.find(cluster)).chain(known -> known != null
                ? Uni.createFrom().voidItem()
                : clusters.require(cluster));
    }
}
