package dev.kubeatlas.workload.service;

import dev.kubeatlas.support.consumer.ClusterDirectory;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.workload.kube.stream.ClusterWatches;
import dev.kubeatlas.workload.kube.stream.StreamView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The state of a known cluster's change stream, per published kind. */
@ApplicationScoped
public class StreamService {

    private final ClusterDirectory directory;
    private final ClusterWatches watches;

    public StreamService(ClusterDirectory directory, ClusterWatches watches) {
        this.directory = directory;
        this.watches = watches;
    }

    /** Empty when the cluster is known but not watched (yet); a 404 problem when it is not known. */
    public Uni<List<StreamView>> streams(String cluster) {
        return Panache.withSession(() -> directory.find(cluster)).map(known -> {
            if (known == null) {
                throw ProblemException.notFound("cluster-not-found", "Cluster not found",
                        "No cluster named '" + cluster + "'");
            }
            return watches.streams(cluster);
        });
    }
}
