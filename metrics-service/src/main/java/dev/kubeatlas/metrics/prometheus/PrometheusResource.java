package dev.kubeatlas.metrics.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.kube.ClusterClients;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.security.Roles;
import dev.kubeatlas.metrics.KnownClusters;
import dev.kubeatlas.metrics.Parameters;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster's Prometheus: where it is (discovered, or set by an admin), detection on request, and PromQL through the
 * API server's service proxy for viewers.
 */
@Path("/api/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class PrometheusResource {

    static final int MAX_QUERY = 10_000;

    private final PrometheusDiscovery discovery;
    private final ClusterClients clients;
    private final KnownClusters known;
    private final SecurityIdentity identity;

    public PrometheusResource(PrometheusDiscovery discovery, ClusterClients clients, KnownClusters known,
                              SecurityIdentity identity) {
        this.discovery = discovery;
        this.clients = clients;
        this.known = known;
        this.identity = identity;
    }

    public record ManualRequest(
            @NotNull @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?") String namespace,
            @NotNull @Pattern(regexp = "[a-z]([-a-z0-9]{0,61}[a-z0-9])?") String service,
            @NotNull @Pattern(regexp = "[0-9]{1,5}|[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?") String port,
            @Pattern(regexp = "https?") String scheme) {
    }

    @GET
    @Path("/clusters/{cluster}/prometheus")
    public Uni<Map<String, Object>> get(@RestPath String cluster) {
        return known.require(cluster).chain(() -> endpoint(cluster)).map(e -> view(cluster, e));
    }

    /** The stored endpoint of a cluster, or null; its session closed before anything else is asked. */
    private static Uni<PrometheusEndpoint> endpoint(String cluster) {
        return Panache.withSession(() -> PrometheusEndpoint.<PrometheusEndpoint>findById(cluster));
    }

    /** Looks again (operators and admins); 202 while it runs, 409 when an admin set the endpoint by hand. */
    @POST
    @Path("/clusters/{cluster}/prometheus/detect")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Response> detect(@RestPath String cluster) {
        return known.require(cluster).chain(() -> endpoint(cluster)).map(e -> {
            if (e != null && PrometheusEndpoint.MANUAL.equals(e.source)) {
                throw ProblemException.conflict("prometheus-manual", "Set by hand",
                        "An admin set this cluster's Prometheus; DELETE it to return to discovery");
            }
            discovery.detectInBackground(cluster, identity.getPrincipal().getName());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cluster", cluster);
            body.put("status", PrometheusEndpoint.DETECTING);
            return Response.accepted(body).build();
        });
    }

    /** Sets the endpoint by hand (admins), once it answers as a Prometheus does; 422 when it does not. */
    @PUT
    @Path("/clusters/{cluster}/prometheus")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Map<String, Object>> set(@RestPath String cluster, @NotNull @Valid ManualRequest request) {
        if (!Parameters.isPort(request.port())) {
            throw Parameters.invalid("port", "must be a port number from 1 to 65535 or a port name");
        }
        PrometheusDiscovery.Candidate candidate = new PrometheusDiscovery.Candidate(request.namespace(), request.service(),
                request.port(), request.scheme() == null ? "http" : request.scheme(), 0);
        return known.require(cluster).chain(() -> clients.forCluster(cluster))
                .chain(client -> discovery.verify(client, candidate)).chain(found -> {
            if (!PrometheusEndpoint.FOUND.equals(found.status)) {
                throw ProblemException.unprocessable("prometheus-not-answering", "Not a Prometheus that answers",
                        found.detail + "; nothing was changed");
            }
            return PrometheusDiscovery.save(cluster, e -> PrometheusDiscovery.copy(found, e), PrometheusEndpoint.MANUAL,
                    identity.getPrincipal().getName());
        }).chain(() -> endpoint(cluster)).map(e -> view(cluster, e));
    }

    /** Forgets the endpoint (admins) and looks for one again. */
    @DELETE
    @Path("/clusters/{cluster}/prometheus")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> reset(@RestPath String cluster) {
        return known.require(cluster).chain(() -> Panache.withTransaction(() -> PrometheusEndpoint.delete("cluster", cluster)))
                .invoke(() -> discovery.detectInBackground(cluster, identity.getPrincipal().getName()))
                .replaceWith(Response.accepted(Map.of("cluster", cluster, "status", PrometheusEndpoint.DETECTING)).build());
    }

    /**
     * A PromQL query: instant ({@code time}, default now) or, with {@code start}, {@code end} and {@code step}, a
     * range. The answer is Prometheus's {@code resultType} and {@code result}.
     */
    @GET
    @Path("/clusters/{cluster}/promql")
    public Uni<Map<String, Object>> query(@RestPath String cluster, @RestQuery String query, @RestQuery String time,
                                          @RestQuery String start, @RestQuery String end, @RestQuery String step) {
        if (query == null || query.isBlank()) {
            throw ProblemException.badRequest("query-required", "Give ?query= (PromQL)");
        }
        if (query.length() > MAX_QUERY) {
            throw ProblemException.badRequest("query-too-long", "A query is at most " + MAX_QUERY + " characters");
        }
        boolean range = start != null || end != null || step != null;
        if (range && (start == null || end == null || step == null)) {
            throw ProblemException.badRequest("range-incomplete", "A range query needs start, end and step");
        }
        List<String> params = new ArrayList<>(List.of("query=" + PrometheusDiscovery.encode(query)));
        if (range) {
            params.add("start=" + PrometheusDiscovery.encode(start));
            params.add("end=" + PrometheusDiscovery.encode(end));
            params.add("step=" + PrometheusDiscovery.encode(step));
        } else if (time != null) {
            params.add("time=" + PrometheusDiscovery.encode(time));
        }
        return known.require(cluster).chain(() -> endpoint(cluster)).chain(e -> {
            if (e == null || !PrometheusEndpoint.FOUND.equals(e.status)) {
                throw ProblemException.notFound("prometheus-not-found", "No Prometheus",
                        "No Prometheus is known for cluster '" + cluster + "'"
                                + (e == null ? "" : " (" + e.status + (e.detail == null ? "" : ": " + e.detail) + ")")
                                + "; POST .../prometheus/detect, or set one with PUT .../prometheus");
            }
            String path = e.proxyPath() + "/api/v1/" + (range ? "query_range" : "query") + "?" + String.join("&", params);
            return clients.forCluster(cluster).chain(client -> discovery.get(client, path)).map(answer -> {
                JsonNode body = PrometheusDiscovery.parse(answer.body());
                if (answer.code() == 400 || answer.code() == 422) {
                    throw ProblemException.badRequest("promql-error", "Prometheus refused the query: "
                            + body.path("error").asText("HTTP " + answer.code()));
                }
                if (answer.code() != 200 || !"success".equals(body.path("status").asText())) {
                    throw new ProblemException(502, "prometheus-unavailable", "Prometheus did not answer",
                            "Prometheus at " + e.namespace + "/" + e.service + " answered HTTP " + answer.code());
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("cluster", cluster);
                result.put("prometheus", e.namespace + "/" + e.service);
                result.put("resultType", body.path("data").path("resultType").asText());
                result.put("result", body.path("data").path("result"));
                return result;
            });
        });
    }

    static Map<String, Object> view(String cluster, PrometheusEndpoint e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cluster", cluster);
        if (e == null) {
            body.put("status", "not-detected");
            return body;
        }
        body.put("status", e.status);
        body.put("source", e.source);
        body.put("namespace", e.namespace);
        body.put("service", e.service);
        body.put("port", e.port);
        body.put("scheme", e.scheme);
        body.put("version", e.version);
        body.put("detail", e.detail);
        body.put("checkedAt", e.checkedAt);
        body.put("updatedBy", e.updatedBy);
        return body;
    }
}
