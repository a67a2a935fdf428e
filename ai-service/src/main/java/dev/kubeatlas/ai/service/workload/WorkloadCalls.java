package dev.kubeatlas.ai.service.workload;

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
 * The list call of {@link WorkloadRestClient} with its fault tolerance: a timeout, retries (it is a read), a circuit
 * breaker. Only {@link WorkloadClient.Unavailable} (unreachable, 5xx) and timeouts count as failures; workload-service's
 * 4xx problems are answers, returned as they are. The annotations' values are defaults that
 * {@code quarkus.fault-tolerance."dev.kubeatlas.ai.service.workload.WorkloadCalls/list".*} can override.
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
    public Uni<Response> list(String cluster, String resource, String namespace, int limit, String continueToken,
                              String bearer) {
        return api.list(cluster, resource, namespace, limit, continueToken, bearer)
                .onFailure(WebApplicationException.class).recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                .onFailure(e -> !(e instanceof ProblemException)).transform(e -> new WorkloadClient.Unavailable(
                        "workload-service, which reads clusters, cannot be reached"))
                .map(response -> {
                    if (response.getStatus() >= 500) {
                        String body = response.hasEntity() ? response.readEntity(String.class) : null;
                        throw new WorkloadClient.Unavailable(
                                PassedOnProblem.detail(body, "workload-service answered HTTP " + response.getStatus()));
                    }
                    return response;
                });
    }
}
