package dev.kubeatlas.metrics.rest;

import dev.kubeatlas.metrics.rest.dto.CollectionRequest;
import dev.kubeatlas.metrics.rest.dto.CollectionView;
import dev.kubeatlas.metrics.service.collection.CollectionService;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/** How often a cluster is collected, and how its last collection went; admins set its own interval. */
@Path("/api/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class CollectionResource {

    static final String COLLECTION = "/clusters/{cluster}/collection";

    private final CollectionService collection;
    private final SecurityIdentity identity;

    public CollectionResource(CollectionService collection, SecurityIdentity identity) {
        this.collection = collection;
        this.identity = identity;
    }

    @GET
    @Path(COLLECTION)
    @Operation(operationId = "getCollection", summary = "A cluster's collection interval and its last collection")
    @APIResponse(responseCode = "403", description = "None of the roles viewer, operator, admin")
    @APIResponse(responseCode = "404", description = "No such cluster")
    public Uni<CollectionView> get(@RestPath String cluster) {
        return collection.status(cluster).map(CollectionView::of);
    }

    /** Admins: the cluster's own interval (5 s to 1 h). */
    @PUT
    @Path(COLLECTION)
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "setCollectionInterval", summary = "Sets a cluster's own collection interval")
    @APIResponse(responseCode = "400", description = "intervalSeconds is not from 5 to 3600")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such cluster")
    public Uni<CollectionView> set(@RestPath String cluster, @NotNull @Valid CollectionRequest request) {
        return collection.setInterval(cluster, request.intervalSeconds(), identity.getPrincipal().getName())
                .map(CollectionView::of);
    }

    /** Admins: back to the default interval. */
    @DELETE
    @Path(COLLECTION)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "resetCollectionInterval", summary = "Returns a cluster to the default collection interval")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such cluster")
    public Uni<CollectionView> reset(@RestPath String cluster) {
        return collection.resetInterval(cluster).map(CollectionView::of);
    }
}
