package dev.kubeatlas.history.service.workload;

import dev.kubeatlas.support.problem.PassedOnProblem;
import dev.kubeatlas.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/**
 * The calls of {@link WorkloadRestClient} with their fault tolerance: a timeout on each, retries on reads only, one
 * circuit breaker per operation. Only {@link WorkloadClient.Unavailable} (unreachable, 5xx) and timeouts count as
 * failures; workload-service's 4xx problems are answers, passed on as {@link ProblemException}s.
 * {@code kubeatlas.workload-service.timeout} (default 30 s) bounds every call; the annotations' values are defaults
 * that {@code application.properties} sets from it.
 */
@ApplicationScoped
class WorkloadCalls {

    private final WorkloadRestClient api;

    WorkloadCalls(@RestClient WorkloadRestClient api) {
        this.api = api;
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 250, jitter = 100, retryOn = {WorkloadClient.Unavailable.class, TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            failOn = {WorkloadClient.Unavailable.class, TimeoutException.class})
    public Uni<Response> apiResources(String cluster, String bearer) {
        return answered(api.apiResources(cluster, bearer));
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 250, jitter = 100, retryOn = {WorkloadClient.Unavailable.class, TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            failOn = {WorkloadClient.Unavailable.class, TimeoutException.class})
    public Uni<Response> get(String cluster, String resource, String name, String namespace, Boolean reveal, String bearer) {
        return answered(api.get(cluster, resource, name, namespace, reveal, bearer));
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 250, jitter = 100, retryOn = {WorkloadClient.Unavailable.class, TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            failOn = {WorkloadClient.Unavailable.class, TimeoutException.class})
    public Uni<Response> list(String cluster, String resource, String namespace, int limit, String labelSelector,
                              Boolean reveal, String continueToken, String bearer) {
        return answered(api.list(cluster, resource, namespace, limit, labelSelector, reveal, continueToken, bearer));
    }

    /** Never retried: a write that timed out may have been applied. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            failOn = {WorkloadClient.Unavailable.class, TimeoutException.class})
    public Uni<Response> create(String cluster, String resource, String namespace, Boolean dryRun, String body,
                                String bearer) {
        return answered(api.create(cluster, resource, namespace, dryRun, body, bearer));
    }

    /** Never retried: a write that timed out may have been applied. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            failOn = {WorkloadClient.Unavailable.class, TimeoutException.class})
    public Uni<Response> replace(String cluster, String resource, String name, String namespace, Boolean dryRun,
                                 String body, String bearer) {
        return answered(api.replace(cluster, resource, name, namespace, dryRun, body, bearer));
    }

    /**
     * The answer when workload-service gave one below 500; {@link WorkloadClient.Unavailable} when it could not be
     * reached or failed (5xx), so that it counts against the circuit and a read is retried.
     */
    static Uni<Response> answered(Uni<Response> sent) {
        return sent.onFailure(WebApplicationException.class).recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                .onFailure(e -> !(e instanceof ProblemException)).transform(e -> new WorkloadClient.Unavailable(
                        503, "workload-service, which reads and changes clusters, cannot be reached"))
                .map(response -> {
                    if (response.getStatus() >= 500) {
                        String body = response.hasEntity() ? response.readEntity(String.class) : null;
                        throw new WorkloadClient.Unavailable(response.getStatus() == 500 ? 502 : response.getStatus(),
                                detail(body, "workload-service answered HTTP " + response.getStatus()));
                    }
                    return response;
                });
    }

    static String detail(String body, String fallback) {
        return PassedOnProblem.detail(body, fallback);
    }
}
