package dev.kubeatlas.ai.service.diagnosis;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The snapshot keeps only names, keys and type of Secrets, and finds pods by selector and by workload. */
class ClusterSnapshotTest {

    @Test
    void secretsKeepKeyNamesButNoValueAndNoAnnotation() throws Exception {
        ClusterSnapshot snapshot = Scenarios.load("missing-secret-key");
        String stored = Scenarios.JSON.writeValueAsString(snapshot.get("Secret", "shop", "db-creds"));
        assertThat(snapshot.secretKeys("shop", "db-creds")).containsExactly("pass", "username");
        assertThat(stored).doesNotContain("s3cr3t", "czNjcjN0", "last-applied", "\"data\"");
    }

    @Test
    void findsPodsOfAWorkloadThroughItsReplicaSetAndBySelector() {
        ClusterSnapshot snapshot = Scenarios.load("crashloop-deployment");
        ObjectRef deployment = ObjectRef.of("Deployment", "shop", "checkout");
        assertThat(snapshot.podsOf(deployment)).hasSize(3);
        assertThat(snapshot.podsSelectedBy("shop", Map.of("app", "checkout"))).hasSize(3);
        assertThat(snapshot.workloadOf(snapshot.podsOf(deployment).get(0))).isEqualTo(deployment);
    }

    @Test
    void scopeKeepsFindingsCitingTheObjectOrItsRelatives() {
        ClusterSnapshot snapshot = Scenarios.load("webhook-unreachable");
        Diagnoser diagnoser = new Diagnoser();
        assertThat(diagnoser.diagnose(snapshot, Scope.namespace("blog"))).extracting(f -> f.rootCause().code())
                .containsExactly("admission-webhook-unreachable");
        assertThat(diagnoser.diagnose(snapshot, Scope.object(ObjectRef.of("Deployment", "shop", "cart")))).hasSize(1);
        assertThat(diagnoser.diagnose(snapshot, Scope.namespace("nowhere"))).isEmpty();
    }
}
