package dev.kubeatlas.metrics.kube;

import dev.kubeatlas.kube.ClusterClients;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Whether a cluster can be reached at all: cluster-service knows it and gives its credentials. */
@ApplicationScoped
public class ClusterAccess {

    private final ClusterClients clients;

    public ClusterAccess(ClusterClients clients) {
        this.clients = clients;
    }

    /**
     * Completes when cluster-service knows the cluster (its client is built, or was); fails with a 404 problem for a
     * cluster it does not know and a 503 problem when its credentials cannot be obtained now.
     */
    public Uni<Void> require(String cluster) {
        return clients.forCluster(cluster).replaceWithVoid();
    }
}
