package dev.kubeatlas.workload.stream;

import dev.kubeatlas.support.consumer.ClusterDirectory;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The state of a cluster's change stream, per published kind: whether it watches, when it last heard of a change,
 * what it published, what failed and what waits. An empty list means the cluster is known but not watched (yet).
 */
@Path("/api/v1/clusters/{cluster}/streams")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN, Roles.SERVICE})
public class StreamEndpoint {

    private final ClusterDirectory directory;
    private final ClusterWatches watches;

    public StreamEndpoint(ClusterDirectory directory, ClusterWatches watches) {
        this.directory = directory;
        this.watches = watches;
    }

    @GET
    public Uni<Items<StreamView>> streams(@RestPath String cluster) {
        return Panache.withSession(() -> directory.find(cluster)).map(known -> {
            if (known == null) {
                throw ProblemException.notFound("cluster-not-found", "Cluster not found",
                        "No cluster named '" + cluster + "'");
            }
            return Items.of(watches.streams(cluster));
        });
    }
}
