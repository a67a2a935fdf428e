package dev.kubeatlas.ai.service.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Optional;

/**
 * workload-service's public API as a diagnosis reads it: every object of one resource type, with the caller's own
 * bearer token, so that the caller's roles and workload-service's redaction apply (Secret values come back
 * {@code <redacted>}; values are never asked for). The {@code Authorization} header is passed on exactly as it came.
 *
 * <p>Calls go through {@link WorkloadCalls} (timeout, retries, a circuit breaker) and the typed
 * {@link WorkloadRestClient}. workload-service unreachable, failing, too slow or behind an open circuit is an
 * {@link Unavailable} problem (503 with {@code Retry-After}); a type the cluster does not serve is an empty answer;
 * any other problem of workload-service (an unknown cluster's 404, a 403) passes through as it is. Answers come back on
 * the caller's Vert.x context.
 */
@ApplicationScoped
public class WorkloadClient {

    /** workload-service cannot answer now: unreachable, failing, too slow or behind an open circuit. */
    public static final class Unavailable extends ProblemException {
        Unavailable(String detail) {
            super(503, "workload-service-unavailable", "workload-service unavailable", detail);
        }

        @Override
        public Integer retryAfterSeconds() {
            return RETRY_AFTER_SECONDS;
        }
    }

    static final int RETRY_AFTER_SECONDS = 5;
    /** Objects asked for per page. */
    static final int PAGE = 1000;
    /** workload-service's 404 for a resource type the cluster does not serve. */
    static final String TYPE_NOT_SERVED = "resource-type-not-found";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorkloadCalls calls;

    public WorkloadClient(WorkloadCalls calls) {
        this.calls = calls;
    }

    /**
     * Every object of the type ({@code namespace} null: of every namespace), following continue tokens; empty when
     * the cluster does not serve the type.
     */
    public Uni<Optional<List<JsonNode>>> listAll(String cluster, String resource, String namespace, String bearer) {
        List<JsonNode> items = new ArrayList<>();
        return page(cluster, resource, namespace, null, bearer, items);
    }

    private Uni<Optional<List<JsonNode>>> page(String cluster, String resource, String namespace, String continueToken,
                                               String bearer, List<JsonNode> items) {
        return answer(() -> calls.list(cluster, resource, namespace, PAGE, continueToken, bearer)).chain(body -> {
            if (body == null) {
                return Uni.createFrom().item(Optional.empty());
            }
            body.path("items").forEach(items::add);
            String next = body.path("continue").asText(null);
            if (next == null || next.isEmpty()) {
                return Uni.createFrom().item(Optional.of(items));
            }
            return page(cluster, resource, namespace, next, bearer, items);
        });
    }

    /** The answer's body; null for a type not served; workload-service's other problems as they are. */
    private static Uni<JsonNode> answer(java.util.function.Supplier<Uni<Response>> call) {
        Context caller = Vertx.currentContext();
        Uni<JsonNode> answered = Uni.createFrom().deferred(() -> call.get())
                .onFailure(CircuitBreakerOpenException.class).transform(e -> new Unavailable(
                        "workload-service failed repeatedly; calls to it are paused for a few seconds"))
                .onFailure(TimeoutException.class).transform(e -> new Unavailable("workload-service did not answer in time"))
                .map(WorkloadClient::read);
        return caller == null ? answered : answered.emitOn(Contexts.executor(caller));
    }

    static JsonNode read(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        int status = response.getStatus();
        if (status >= 300) {
            ProblemException refused = refused(status, body);
            if (status == 404 && TYPE_NOT_SERVED.equals(refused.slug())) {
                return null;
            }
            throw refused;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Unavailable("workload-service answered with something that is not JSON");
        }
    }

    /** workload-service's problem, as this service answers it. */
    static ProblemException refused(int status, String body) {
        return PassedOnProblem.of("workload-service", status, body);
    }
}
