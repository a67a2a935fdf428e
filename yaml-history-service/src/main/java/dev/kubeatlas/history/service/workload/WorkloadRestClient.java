package dev.kubeatlas.history.service.workload;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * workload-service's public API as this service calls it. Every call carries the {@code Authorization} header it is
 * given, unchanged; answers come back as they are (any status), for {@link WorkloadClient} to read. A null query
 * parameter is left out.
 */
@RegisterRestClient(configKey = "workload-service")
@Path("/api/v1/clusters/{cluster}")
@Produces(MediaType.APPLICATION_JSON)
interface WorkloadRestClient {

    @GET
    @Path("/api-resources")
    Uni<Response> apiResources(@PathParam("cluster") String cluster,
                               @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/resources/{resource}/{name}")
    Uni<Response> get(@PathParam("cluster") String cluster, @PathParam("resource") String resource,
                      @PathParam("name") String name, @QueryParam("namespace") String namespace,
                      @QueryParam("reveal") Boolean reveal, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/resources/{resource}")
    Uni<Response> list(@PathParam("cluster") String cluster, @PathParam("resource") String resource,
                       @QueryParam("namespace") String namespace, @QueryParam("limit") int limit,
                       @QueryParam("labelSelector") String labelSelector, @QueryParam("reveal") Boolean reveal,
                       @QueryParam("continue") String continueToken,
                       @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @POST
    @Path("/resources/{resource}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> create(@PathParam("cluster") String cluster, @PathParam("resource") String resource,
                         @QueryParam("namespace") String namespace, @QueryParam("dryRun") Boolean dryRun, String body,
                         @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @PUT
    @Path("/resources/{resource}/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> replace(@PathParam("cluster") String cluster, @PathParam("resource") String resource,
                          @PathParam("name") String name, @QueryParam("namespace") String namespace,
                          @QueryParam("dryRun") Boolean dryRun, String body,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
