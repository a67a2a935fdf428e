package dev.kubeatlas.metrics.service.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.metrics.kube.PrometheusProxy;
import dev.kubeatlas.metrics.kube.PrometheusProxy.Candidate;
import dev.kubeatlas.metrics.model.PrometheusTarget;
import dev.kubeatlas.metrics.service.KnownClusters;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.rest.QueryParams;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster's Prometheus: where it is (discovered, or set by an admin), detection on request, and PromQL through the
 * API server's service proxy. Each database step has a session of its own, closed before a cluster is asked.
 */
@ApplicationScoped
public class PrometheusService {

    public static final int MAX_QUERY = 10_000;

    private final PrometheusDiscovery discovery;
    private final PrometheusProxy proxy;
    private final KnownClusters known;

    public PrometheusService(PrometheusDiscovery discovery, PrometheusProxy proxy, KnownClusters known) {
        this.discovery = discovery;
        this.proxy = proxy;
        this.known = known;
    }

    /** A PromQL answer: Prometheus's {@code resultType} and {@code result}, and which Prometheus gave it. */
    public record QueryResult(String cluster, String prometheus, String resultType, JsonNode result) {
    }

    /** The stored endpoint of a registered cluster, or null when none was looked for yet. */
    public Uni<PrometheusTarget> find(String cluster) {
        return known.require(cluster).chain(() -> stored(cluster));
    }

    /** The stored endpoint of a cluster, or null; its session closed before anything else is asked. */
    private static Uni<PrometheusTarget> stored(String cluster) {
        return Panache.withSession(() -> PrometheusTarget.<PrometheusTarget>findById(cluster));
    }

    /** Looks again in the background; 409 when an admin set the endpoint by hand. */
    public Uni<Void> detect(String cluster, String actor) {
        return find(cluster).invoke(e -> {
            if (e != null && PrometheusTarget.MANUAL.equals(e.source)) {
                throw ProblemException.conflict("prometheus-manual", "Set by hand",
                        "An admin set this cluster's Prometheus; DELETE it to return to discovery");
            }
            discovery.detectInBackground(cluster, actor);
        }).replaceWithVoid();
    }

    /**
     * Sets the endpoint by hand once it answers as a Prometheus does (422 when it does not); 400 for a port that is no
     * port. The candidate is asked with no session open; the row is written afterwards.
     */
    public Uni<PrometheusTarget> set(String cluster, String namespace, String service, String port, String scheme,
                                     String actor) {
        if (!PrometheusProxy.isPort(port)) {
            throw QueryParams.invalid("port", "must be a port number from 1 to 65535 or a port name");
        }
        Candidate candidate = new Candidate(namespace, service, port, scheme == null ? "http" : scheme, 0);
        return known.require(cluster).chain(() -> discovery.verify(cluster, candidate)).chain(found -> {
            if (!PrometheusTarget.FOUND.equals(found.status)) {
                throw ProblemException.unprocessable("prometheus-not-answering", "Not a Prometheus that answers",
                        found.detail + "; nothing was changed");
            }
            return PrometheusDiscovery.save(cluster, e -> PrometheusDiscovery.copy(found, e), PrometheusTarget.MANUAL, actor);
        }).chain(() -> stored(cluster));
    }

    /** Forgets the endpoint and looks for one again. */
    public Uni<Void> reset(String cluster, String actor) {
        return known.require(cluster)
                .chain(() -> Panache.withTransaction(() -> PrometheusTarget.delete("cluster", cluster)))
                .invoke(() -> discovery.detectInBackground(cluster, actor))
                .replaceWithVoid();
    }

    /**
     * A PromQL query: instant ({@code time}, default now) or, with {@code start}, {@code end} and {@code step}, a
     * range. The endpoint is read in a session closed before the query goes out (at most 15 s).
     */
    public Uni<QueryResult> query(String cluster, String query, String time, String start, String end, String step) {
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
        List<String> params = new ArrayList<>(List.of("query=" + encode(query)));
        if (range) {
            params.add("start=" + encode(start));
            params.add("end=" + encode(end));
            params.add("step=" + encode(step));
        } else if (time != null) {
            params.add("time=" + encode(time));
        }
        return find(cluster).chain(e -> {
            if (e == null || !PrometheusTarget.FOUND.equals(e.status)) {
                throw ProblemException.notFound("prometheus-not-found", "No Prometheus",
                        "No Prometheus is known for cluster '" + cluster + "'"
                                + (e == null ? "" : " (" + e.status + (e.detail == null ? "" : ": " + e.detail) + ")")
                                + "; POST .../prometheus/detect, or set one with PUT .../prometheus");
            }
            String path = PrometheusProxy.path(e.namespace, e.service, e.port, e.scheme) + "/api/v1/"
                    + (range ? "query_range" : "query") + "?" + String.join("&", params);
            return proxy.get(cluster, path).map(answer -> {
                JsonNode body = PrometheusDiscovery.parse(answer.body());
                if (answer.code() == 400 || answer.code() == 422) {
                    throw ProblemException.badRequest("promql-error", "Prometheus refused the query: "
                            + body.path("error").asText("HTTP " + answer.code()));
                }
                if (answer.code() != 200 || !"success".equals(body.path("status").asText())) {
                    throw new ProblemException(502, "prometheus-unavailable", "Prometheus did not answer",
                            "Prometheus at " + e.namespace + "/" + e.service + " answered HTTP " + answer.code());
                }
                return new QueryResult(cluster, e.namespace + "/" + e.service,
                        body.path("data").path("resultType").asText(), body.path("data").path("result"));
            });
        });
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
