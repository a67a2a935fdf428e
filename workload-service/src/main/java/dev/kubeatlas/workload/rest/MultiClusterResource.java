package dev.kubeatlas.workload.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.security.Roles;
import dev.kubeatlas.workload.service.search.MultiClusterService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;


/** Search, lists and comparisons across clusters. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class MultiClusterResource {

    private final MultiClusterService multi;

    public MultiClusterResource(MultiClusterService multi) {
        this.multi = multi;
    }

    /**
     * @param clusters comma-separated; every watched cluster when absent
     * @param kinds    comma-separated kinds as kubectl names them; every cached kind when absent
     */
    @Operation(operationId = "searchResources", summary = "Searches objects by name across clusters")
    @GET
    @Path("/search")
    public MultiClusterService.SearchResults search(@RestQuery String q, @RestQuery String clusters, @RestQuery String kinds,
                                                    @RestQuery @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return multi.search(q, clusters, kinds, limit);
    }

    /** One type from several clusters; each item carries {@code cluster}. A failing cluster is reported, not fatal. */
    @Operation(operationId = "listResourcesAcrossClusters", summary = "One type's objects in several clusters")
    @GET
    @Path("/resources/{resource}")
    public Uni<Items<JsonNode>> list(@RestPath String resource, @RestQuery String clusters,
                                     @RestQuery String namespace, @RestQuery String labelSelector,
                                     @RestQuery @Min(1) @Max(10000) Integer limit) {
        return multi.list(resource, clusters, namespace, labelSelector, limit);
    }

    /** The same object in several clusters, field by field: only the fields that differ. */
    @Operation(operationId = "compareResource", summary = "One object as each cluster has it, and how they differ")
    @GET
    @Path("/compare/{resource}/{name}")
    public Uni<MultiClusterService.ClusterComparison> compare(@RestPath String resource, @RestPath String name,
                                                      @RestQuery String namespace, @RestQuery String clusters) {
        return multi.compare(resource, name, namespace, clusters);
    }
}
