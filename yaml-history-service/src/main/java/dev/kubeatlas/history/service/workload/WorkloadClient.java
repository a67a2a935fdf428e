package dev.kubeatlas.history.service.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.history.model.TrackedResource;
import dev.kubeatlas.history.service.diff.StoredManifest;
import dev.kubeatlas.support.concurrent.Contexts;
import dev.kubeatlas.support.problem.PassedOnProblem;
import dev.kubeatlas.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * workload-service's public API, called with the caller's own bearer token (or, for scheduled work, the service's):
 * what the history service reads from or writes to a cluster is authorized and audited as the caller's. The
 * {@code Authorization} header is passed on exactly as it came.
 *
 * <p>Calls go through {@link WorkloadCalls} (timeouts, retries of reads, a circuit breaker) and the typed
 * {@link WorkloadRestClient}. workload-service unreachable, failing, too slow or behind an open circuit is a
 * {@link Unavailable} problem with {@code Retry-After}; its own problems (4xx) pass through as they are. Answers come
 * back on the caller's Vert.x context, where its database sessions live.
 */
@ApplicationScoped
public class WorkloadClient {

    /** One object of a cluster; {@code namespace} is null for cluster-scoped ones. */
    public record Ref(String cluster, String resource, String namespace, String name) {
        static Ref of(TrackedResource t) {
            return new Ref(t.cluster, t.resource, TrackedResource.CLUSTER_SCOPED.equals(t.namespace) ? null : t.namespace,
                    t.name);
        }
    }

    /** One page of a list. */
    public record Page(List<JsonNode> items, String continueToken) {
    }

    /**
     * workload-service cannot answer now: unreachable, failing (5xx, a 500 passed on as 502), too slow or behind an
     * open circuit. Carries {@code Retry-After}.
     */
    public static final class Unavailable extends ProblemException {
        Unavailable(int status, String detail) {
            super(status, "workload-service-unavailable", "workload-service unavailable", detail);
        }

        @Override
        public Integer retryAfterSeconds() {
            return RETRY_AFTER_SECONDS;
        }
    }

    static final int RETRY_AFTER_SECONDS = 5;
    /** 404s of workload-service that say the target is missing, not the object. */
    static final Set<String> NOT_THE_OBJECT = Set.of("cluster-not-found", "resource-type-not-found");
    static final int PAGE = 500;

    private final WorkloadCalls calls;

    public WorkloadClient(WorkloadCalls calls) {
        this.calls = calls;
    }

    /** The live object, or null when the cluster has none. */
    public Uni<JsonNode> live(TrackedResource t, String bearer) {
        return get(Ref.of(t), false, bearer);
    }

    /** Creates (POST) or replaces (PUT) the object; {@code dryRun} is the API server's dry run. */
    public Uni<JsonNode> write(TrackedResource t, ObjectNode desired, boolean create, boolean dryRun, String bearer) {
        return write(Ref.of(t), desired, create, dryRun, bearer);
    }

    /** The object, or null when the cluster has none; {@code reveal} (admins, audited) returns Secret values. */
    public Uni<JsonNode> get(Ref ref, boolean reveal, String bearer) {
        return answer(() -> calls.get(ref.cluster(), ref.resource(), ref.name(), ref.namespace(), flag(reveal), bearer),
                true);
    }

    public Uni<JsonNode> write(Ref ref, ObjectNode desired, boolean create, boolean dryRun, String bearer) {
        String body = desired.toString();
        return answer(() -> create ? calls.create(ref.cluster(), ref.resource(), ref.namespace(), flag(dryRun), body, bearer)
                : calls.replace(ref.cluster(), ref.resource(), ref.name(), ref.namespace(), flag(dryRun), body, bearer), false);
    }

    /**
     * Fails with workload-service's 404 {@code cluster-not-found} problem when it knows no cluster of that name
     * (and with its problem when it cannot tell); a cheap read of the cluster's resource types.
     */
    public Uni<Void> requireCluster(String cluster, String bearer) {
        return answer(() -> calls.apiResources(cluster, bearer), false)
                .onFailure(e -> e instanceof ProblemException p && p.status() == 404)
                .transform(e -> ProblemException.notFound("cluster-not-found", "Cluster not found",
                        "No cluster named '" + cluster + "'"))
                .replaceWithVoid();
    }

    /** One page of objects; {@code namespace} null lists every namespace. */
    public Uni<Page> list(String cluster, String resource, String namespace, String labelSelector, boolean reveal,
                          String continueToken, String bearer) {
        String selector = labelSelector == null || labelSelector.isBlank() ? null : labelSelector;
        return answer(() -> calls.list(cluster, resource, namespace, PAGE, selector, flag(reveal), continueToken, bearer),
                false).map(body -> {
                    List<JsonNode> items = new ArrayList<>();
                    body.path("items").forEach(items::add);
                    String next = body.path("continue").asText(null);
                    return new Page(items, next == null || next.isEmpty() ? null : next);
                });
    }

    /** {@code true}, or null so that the query parameter is left out. */
    private static Boolean flag(boolean on) {
        return on ? Boolean.TRUE : null;
    }

    /**
     * Passes workload-service's problem on as it is: its status and detail are already the caller's business. With
     * {@code notFoundIsNull}, a 404 for the object is null; one for the cluster or the resource type stays a problem.
     */
    private static Uni<JsonNode> answer(java.util.function.Supplier<Uni<Response>> call, boolean notFoundIsNull) {
        Context caller = Vertx.currentContext();
        Uni<JsonNode> answered = Uni.createFrom().deferred(() -> call.get())
                .onFailure(CircuitBreakerOpenException.class).transform(e -> new Unavailable(503,
                        "workload-service failed repeatedly; calls to it are paused for a few seconds"))
                .onFailure(TimeoutException.class).transform(e -> new Unavailable(503,
                        "workload-service did not answer in time"))
                .map(response -> read(response, notFoundIsNull));
        return caller == null ? answered : answered.emitOn(Contexts.executor(caller));
    }

    static JsonNode read(Response response, boolean notFoundIsNull) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        int status = response.getStatus();
        if (status >= 300) {
            ProblemException refused = refused(status, body);
            if (status == 404 && notFoundIsNull && !NOT_THE_OBJECT.contains(refused.slug())) {
                return null;
            }
            throw refused;
        }
        return StoredManifest.parse(body);
    }

    /** workload-service's problem, as this service answers it. */
    static ProblemException refused(int status, String body) {
        return PassedOnProblem.of("workload-service", status, body);
    }
}
