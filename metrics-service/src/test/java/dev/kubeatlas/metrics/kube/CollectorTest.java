package dev.kubeatlas.metrics.kube;

import dev.kubeatlas.support.problem.ProblemException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What the API server refuses reaches the caller as the API server said it, not as an unreachable cluster. */
class CollectorTest {

    static final String FORBIDDEN = "nodes is forbidden: User \"system:serviceaccount:kubeatlas:reader\" cannot list "
            + "resource \"nodes\" in API group \"\" at the cluster scope";

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init();
        try (KubernetesClient base = server.createClient()) {
            client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(base.getConfiguration())
                    .withRequestRetryBackoffLimit(0).build()).build();
        }
        // no metrics API: usage is only missing, the figures go on
        server.expect().get().withPath("/apis/metrics.k8s.io/v1beta1/nodes?limit=500").andReturn(404, status(404, "not found"))
                .always();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    static Status status(int code, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withMessage(message)
                .withReason(code == 403 ? "Forbidden" : "NotFound").build();
    }

    @Test
    void aForbiddenListIsA403WithTheApiServersMessage() {
        server.expect().get().withPath("/api/v1/nodes?limit=500").andReturn(403, status(403, FORBIDDEN)).always();
        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> Collector.read("prod", client).await().atMost(Duration.ofSeconds(30)));
        assertThat(problem.status()).isEqualTo(403);
        assertThat(problem.slug()).isEqualTo("kubernetes-forbidden");
        assertThat(problem.getMessage()).isEqualTo(FORBIDDEN);
    }

    @Test
    void aListTheApiServerDoesNotServeIsA404WithItsMessage() {
        server.expect().get().withPath("/api/v1/nodes?limit=500").andReturn(404, status(404, "the server could not find the requested resource"))
                .always();
        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> Collector.read("prod", client).await().atMost(Duration.ofSeconds(30)));
        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.getMessage()).isEqualTo("the server could not find the requested resource");
    }

    @Test
    void anApiServerThatIsDownIsA503WithRetryAfter() {
        server.expect().get().withPath("/api/v1/nodes?limit=500").andReturn(503, status(503, "etcd is down")).always();
        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> Collector.read("prod", client).await().atMost(Duration.ofSeconds(60)));
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.retryAfterSeconds()).isNotNull();
    }
}
