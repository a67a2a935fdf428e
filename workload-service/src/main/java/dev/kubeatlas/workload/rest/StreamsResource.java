package dev.kubeatlas.workload.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.security.Roles;
import dev.kubeatlas.workload.kube.stream.StreamView;
import dev.kubeatlas.workload.service.StreamService;
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
public class StreamsResource {

    private final StreamService streams;

    public StreamsResource(StreamService streams) {
        this.streams = streams;
    }

    @Operation(operationId = "listChangeStreams", summary = "The state of the cluster's change stream, per published kind")
    @GET
    public Uni<Items<StreamView>> streams(@RestPath String cluster) {
        return streams.streams(cluster).map(Items::of);
    }
}
