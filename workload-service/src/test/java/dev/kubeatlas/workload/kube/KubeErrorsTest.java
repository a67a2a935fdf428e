package dev.kubeatlas.workload.kube;

import dev.kubeatlas.kube.KubeErrors;
import dev.kubeatlas.support.problem.ProblemException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** How workload-service answers a failed call to a cluster (the translation lives in kube-support). */
class KubeErrorsTest {

    static KubernetesClientException answered(int code, String message) {
        Status status = new StatusBuilder().withCode(code).withMessage(message).build();
        return new KubernetesClientException(status);
    }

    @Test
    void theApiServersOwnMessagePassesOnFor403And404And409() {
        ProblemException forbidden = KubeErrors.translate("prod", answered(403, "pods is forbidden: User \"x\" cannot list"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.slug()).isEqualTo("kubernetes-forbidden");
        assertThat(forbidden.getMessage()).contains("cannot list");

        assertThat(KubeErrors.translate("prod", answered(404, "not there")).slug()).isEqualTo("resource-not-found");
        assertThat(KubeErrors.translate("prod", answered(409, "stale")).status()).isEqualTo(409);
    }

    @Test
    void anInvalidObjectIsA422WithTheFieldCauses() {
        Status status = new StatusBuilder().withCode(422).withMessage("invalid").withNewDetails()
                .addNewCause().withField("spec.replicas").withMessage("must be >= 0").endCause().endDetails().build();
        ProblemException invalid = KubeErrors.translate("prod", new KubernetesClientException(status));

        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.toProblem("/x").violations()).singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("spec.replicas"));
    }

    @Test
    void anUnreachableOrBusyClusterIsA503WithRetryAfter() {
        ProblemException unreachable = KubeErrors.translate("prod", new IOException("Connection refused"));
        assertThat(unreachable.status()).isEqualTo(503);
        assertThat(unreachable.slug()).isEqualTo("cluster-unreachable");
        assertThat(unreachable.retryAfterSeconds()).isEqualTo(KubeErrors.RETRY_AFTER_SECONDS);

        ProblemException busy = KubeErrors.translate("prod", answered(429, "slow down"));
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.slug()).isEqualTo("cluster-busy");

        assertThat(KubeErrors.translate("prod", answered(401, "Unauthorized")).slug()).isEqualTo("cluster-credentials-rejected");
    }

    @Test
    void anythingElseSaysNothingOfTheConnection() {
        ProblemException other = KubeErrors.translate("prod", new IllegalStateException("token=secret-value"));
        assertThat(other.status()).isEqualTo(503);
        assertThat(other.slug()).isEqualTo("cluster-unreachable");
        assertThat(other.getMessage()).doesNotContain("secret-value");

        ProblemException already = ProblemException.badRequest("x", "y");
        assertThat(KubeErrors.translate("prod", already)).isSameAs(already);
    }
}
