package dev.kubeatlas.metrics.service.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeatlas.metrics.config.MetricsConfig;
import dev.kubeatlas.metrics.kube.PrometheusProxy;
import dev.kubeatlas.metrics.kube.PrometheusProxy.Candidate;
import dev.kubeatlas.metrics.model.PrometheusTarget;
import dev.kubeatlas.support.concurrent.Contexts;
import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Finds the Prometheus of each cluster: Services that look like a Prometheus server ({@link PrometheusProxy#candidates}),
 * each asked for its build info through the API server's service proxy; the first that answers is kept. Runs when a
 * cluster is registered and when asked, asynchronously and bounded (30 s); an admin may set the endpoint by hand,
 * which discovery then leaves alone. No database session is open while a cluster is asked.
 */
@ApplicationScoped
public class PrometheusDiscovery {

    static final ObjectMapper JSON = new ObjectMapper();

    private final PrometheusProxy proxy;
    private final Vertx vertx;
    private final Duration bound;
    private final Set<String> detecting = ConcurrentHashMap.newKeySet();

    public PrometheusDiscovery(PrometheusProxy proxy, Vertx vertx, MetricsConfig config) {
        this.proxy = proxy;
        this.vertx = vertx;
        this.bound = config.prometheus().detectTimeout();
    }

    /** A removed cluster's endpoint goes with it. */
    public void forget(String cluster) {
        Contexts.isolated(vertx).runOnContext(ignored -> Panache.withTransaction(
                () -> PrometheusTarget.delete("cluster", cluster)).subscribe().with(n -> { }, e -> { }));
    }

    /**
     * Starts a detection unless one runs for the cluster or an admin set the endpoint; the stored state says
     * {@code detecting} meanwhile. False when nothing was started.
     */
    public boolean detectInBackground(String cluster, String actor) {
        if (!detecting.add(cluster)) {
            return false;
        }
        Contexts.isolated(vertx).runOnContext(ignored -> Panache.withSession(() -> PrometheusTarget.<PrometheusTarget>findById(cluster))
                .chain(existing -> {
                    if (existing != null && PrometheusTarget.MANUAL.equals(existing.source)) {
                        return Uni.createFrom().voidItem();
                    }
                    return save(cluster, e -> {
                        e.status = PrometheusTarget.DETECTING;
                        e.detail = null;
                    }, PrometheusTarget.DISCOVERED, actor).chain(() -> detect(cluster))
                            .chain(found -> save(cluster, e -> copy(found, e), PrometheusTarget.DISCOVERED, actor));
                })
                .onTermination().invoke(() -> detecting.remove(cluster))
                .subscribe().with(v -> { }, e -> Log.warnf("Prometheus detection for %s failed: %s", cluster, e.toString())));
        return true;
    }

    /** Looks for a Prometheus now; the result, found or not. Never longer than the bound. */
    Uni<PrometheusTarget> detect(String cluster) {
        return proxy.candidates(cluster).chain(candidates -> firstAnswering(cluster, candidates, 0))
                .ifNoItem().after(bound).recoverWithItem(() -> result(null, PrometheusTarget.NOT_FOUND,
                        "No Prometheus answered within " + bound.toSeconds() + " s"))
                .onFailure().recoverWithItem(e -> result(null, PrometheusTarget.UNREACHABLE,
                        e instanceof ProblemException p ? p.getMessage() : "The cluster could not be read"));
    }

    private Uni<PrometheusTarget> firstAnswering(String cluster, List<Candidate> candidates, int index) {
        if (index >= candidates.size()) {
            return Uni.createFrom().item(result(null, PrometheusTarget.NOT_FOUND, candidates.isEmpty()
                    ? "No Service looks like a Prometheus server (name, labels, port 9090)"
                    : candidates.size() + " Services looked like Prometheus; none answered /api/v1/status/buildinfo"));
        }
        Candidate c = candidates.get(index);
        return verify(cluster, c).chain(found -> found.status.equals(PrometheusTarget.FOUND)
                ? Uni.createFrom().item(found) : firstAnswering(cluster, candidates, index + 1));
    }

    /** Asks the candidate for its build info through the service proxy. */
    Uni<PrometheusTarget> verify(String cluster, Candidate c) {
        String path = PrometheusProxy.path(c.namespace(), c.service(), c.port(), c.scheme()) + "/api/v1/status/buildinfo";
        return proxy.get(cluster, path).map(response -> {
            if (response.code() != 200) {
                return result(c, PrometheusTarget.UNREACHABLE, "HTTP " + response.code() + " from " + c.namespace() + "/" + c.service());
            }
            JsonNode body = parse(response.body());
            if (!"success".equals(body.path("status").asText())) {
                return result(c, PrometheusTarget.UNREACHABLE, c.namespace() + "/" + c.service() + " did not answer as Prometheus does");
            }
            PrometheusTarget found = result(c, PrometheusTarget.FOUND, null);
            found.version = body.path("data").path("version").asText(null);
            return found;
        });
    }

    static PrometheusTarget result(Candidate c, String status, String detail) {
        PrometheusTarget e = new PrometheusTarget();
        if (c != null) {
            e.namespace = c.namespace();
            e.service = c.service();
            e.port = c.port();
            e.scheme = c.scheme();
        }
        e.status = status;
        e.detail = detail;
        return e;
    }

    static void copy(PrometheusTarget from, PrometheusTarget to) {
        to.status = from.status;
        to.detail = from.detail;
        to.namespace = from.namespace;
        to.service = from.service;
        to.port = from.port;
        to.scheme = from.scheme;
        to.version = from.version;
    }

    /** Writes the cluster's row in a transaction of its own (opened and closed here, nothing remote inside). */
    static Uni<Void> save(String cluster, Consumer<PrometheusTarget> change, String source, String actor) {
        return Panache.withTransaction(() -> PrometheusTarget.<PrometheusTarget>findById(cluster).chain(found -> {
            PrometheusTarget e = found != null ? found : new PrometheusTarget();
            e.cluster = cluster;
            e.source = source;
            e.updatedBy = actor;
            e.checkedAt = Instant.now();
            change.accept(e);
            return e.persist();
        })).replaceWithVoid();
    }

    static JsonNode parse(String body) {
        try {
            return body == null ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
