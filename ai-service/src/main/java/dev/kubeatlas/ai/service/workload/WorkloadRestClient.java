package dev.kubeatlas.ai.service.workload;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The part of workload-service's public API a diagnosis reads: lists of one resource type. Every call carries the
 * {@code Authorization} header it is given, unchanged, and never asks to reveal Secret values; answers come back as
 * they are (any status), for {@link WorkloadClient} to read. A null query parameter is left out.
 */
@RegisterRestClient(configKey = "workload-service")
@Path("/api/v1/clusters/{cluster}")
@Produces(MediaType.APPLICATION_JSON)
interface WorkloadRestClient {

    @GET
    @Path("/resources/{resource}")
    Uni<Response> list(@PathParam("cluster") String cluster, @PathParam("resource") String resource,
                       @QueryParam("namespace") String namespace, @QueryParam("limit") int limit,
                       @QueryParam("continue") String continueToken,
                       @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
