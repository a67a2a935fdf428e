package dev.kubeatlas.metrics.rest;

import dev.kubeatlas.metrics.model.PrometheusTarget;
import dev.kubeatlas.metrics.rest.dto.PrometheusRequest;
import dev.kubeatlas.metrics.rest.dto.PrometheusView;
import dev.kubeatlas.metrics.rest.dto.PromqlAnswer;
import dev.kubeatlas.metrics.service.prometheus.PrometheusService;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * A cluster's Prometheus: where it is (discovered, or set by an admin), detection on request, and PromQL through the
 * API server's service proxy for viewers.
 */
@Path("/api/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class PrometheusResource {

    private final PrometheusService prometheus;
    private final SecurityIdentity identity;

    public PrometheusResource(PrometheusService prometheus, SecurityIdentity identity) {
        this.prometheus = prometheus;
        this.identity = identity;
    }

    @GET
    @Path("/clusters/{cluster}/prometheus")
    @Operation(operationId = "getPrometheus", summary = "Where the cluster's Prometheus is and how it was found")
    @APIResponse(responseCode = "403", description = "None of the roles viewer, operator, admin")
    @APIResponse(responseCode = "404", description = "No such cluster")
    public Uni<PrometheusView> get(@RestPath String cluster) {
        return prometheus.find(cluster).map(e -> PrometheusView.of(cluster, e));
    }

    /** Looks again (operators and admins); 202 while it runs, 409 when an admin set the endpoint by hand. */
    @POST
    @Path("/clusters/{cluster}/prometheus/detect")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(operationId = "detectPrometheus", summary = "Looks for the cluster's Prometheus again")
    @APIResponseSchema(value = PrometheusView.class, responseCode = "202", responseDescription = "Detection started")
    @APIResponse(responseCode = "403", description = "Not an operator or admin")
    @APIResponse(responseCode = "404", description = "No such cluster")
    @APIResponse(responseCode = "409", description = "An admin set the cluster's Prometheus by hand")
    public Uni<Response> detect(@RestPath String cluster) {
        return prometheus.detect(cluster, identity.getPrincipal().getName()).map(ignored ->
                Response.accepted(PrometheusView.detection(cluster, PrometheusTarget.DETECTING)).build());
    }

    /** Sets the endpoint by hand (admins), once it answers as a Prometheus does; 422 when it does not. */
    @PUT
    @Path("/clusters/{cluster}/prometheus")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "setPrometheus", summary = "Sets the cluster's Prometheus by hand")
    @APIResponse(responseCode = "400", description = "Not a namespace, Service and port")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such cluster")
    @APIResponse(responseCode = "422", description = "It does not answer as a Prometheus does; nothing changed")
    @APIResponse(responseCode = "503", description = "The cluster cannot be read now (Retry-After)")
    public Uni<PrometheusView> set(@RestPath String cluster, @NotNull @Valid PrometheusRequest request) {
        return prometheus.set(cluster, request.namespace(), request.service(), request.port(), request.scheme(),
                identity.getPrincipal().getName()).map(e -> PrometheusView.of(cluster, e));
    }

    /** Forgets the endpoint (admins) and looks for one again. */
    @DELETE
    @Path("/clusters/{cluster}/prometheus")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "resetPrometheus", summary = "Forgets the cluster's Prometheus and looks for one again")
    @APIResponseSchema(value = PrometheusView.class, responseCode = "202", responseDescription = "Detection started")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such cluster")
    public Uni<Response> reset(@RestPath String cluster) {
        return prometheus.reset(cluster, identity.getPrincipal().getName())
                .map(ignored -> Response.accepted(PrometheusView.detection(cluster, PrometheusTarget.DETECTING)).build());
    }

    /**
     * A PromQL query: instant ({@code time}, default now) or, with {@code start}, {@code end} and {@code step}, a
     * range. The answer is Prometheus's {@code resultType} and {@code result}.
     */
    @GET
    @Path("/clusters/{cluster}/promql")
    @Operation(operationId = "queryPrometheus", summary = "A PromQL query through the API server's service proxy")
    @APIResponse(responseCode = "400", description = "No query, an incomplete range, or Prometheus refused the query")
    @APIResponse(responseCode = "403", description = "None of the roles viewer, operator, admin")
    @APIResponse(responseCode = "404", description = "No such cluster, or no Prometheus known for it")
    @APIResponse(responseCode = "422", description = "The stored Prometheus endpoint is invalid")
    @APIResponse(responseCode = "502", description = "Prometheus answered with an error")
    @APIResponse(responseCode = "503", description = "No answer within 15 s (Retry-After)")
    public Uni<PromqlAnswer> query(@RestPath String cluster, @RestQuery String query, @RestQuery String time,
                                   @RestQuery String start, @RestQuery String end, @RestQuery String step) {
        return prometheus.query(cluster, query, time, start, end, step).map(PromqlAnswer::of);
    }
}
