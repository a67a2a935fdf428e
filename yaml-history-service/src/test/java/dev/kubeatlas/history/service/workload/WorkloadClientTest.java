package dev.kubeatlas.history.service.workload;

import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** workload-service's answers as this service passes them on. */
class WorkloadClientTest {

    @Test
    void itsProblemsPassThroughWithTheirTypeTitleAndDetail() {
        ProblemException p = WorkloadClient.refused(409, """
                {"type":"https://kubeatlas.dev/problems/conflict","title":"Conflict","status":409,"detail":"changed"}""");
        assertThat(p.status()).isEqualTo(409);
        assertThat(p.slug()).isEqualTo("conflict");
        assertThat(p.getMessage()).isEqualTo("changed");
    }

    @Test
    void anAnswerThatIsNoProblemStillNamesTheStatus() {
        ProblemException p = WorkloadClient.refused(403, "<html>no</html>");
        assertThat(p.status()).isEqualTo(403);
        assertThat(p.slug()).isEqualTo("workload-service-refused");
        assertThat(p.getMessage()).isEqualTo("workload-service answered HTTP 403");
    }

    @Test
    void unavailableIsA503WithRetryAfterAndTheDetailOfTheAnswer() {
        WorkloadClient.Unavailable down = new WorkloadClient.Unavailable(503, "down");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.slug()).isEqualTo("workload-service-unavailable");
        assertThat(down.retryAfterSeconds()).isEqualTo(WorkloadClient.RETRY_AFTER_SECONDS);
        assertThat(WorkloadCalls.detail("{\"detail\":\"boom\"}", "fallback")).isEqualTo("boom");
        assertThat(WorkloadCalls.detail("not json", "fallback")).isEqualTo("fallback");
    }
}
