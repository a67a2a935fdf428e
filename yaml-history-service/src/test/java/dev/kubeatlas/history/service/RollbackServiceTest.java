package dev.kubeatlas.history.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.history.model.TrackedResource;
import dev.kubeatlas.history.service.diff.StoredManifest;
import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RollbackServiceTest {

    static final JsonNode VERSION = StoredManifest.parse("""
            {"kind":"Deployment","metadata":{"name":"cart","uid":"u1","resourceVersion":"10","generation":3,
             "creationTimestamp":"2026-11-01T00:00:00Z","managedFields":[],"labels":{"app":"cart"}},
             "spec":{"replicas":3},"status":{"readyReplicas":3}}""");

    @Test
    void theVersionIsWrittenWithoutWhatTheServerSetsAndWithTheLiveResourceVersion() {
        JsonNode live = StoredManifest.parse("{\"metadata\":{\"name\":\"cart\",\"resourceVersion\":\"21\"}}");
        ObjectNode desired = RollbackService.desired(VERSION, live);
        assertThat(desired.has("status")).isFalse();
        assertThat(desired.path("metadata").has("uid")).isFalse();
        assertThat(desired.path("metadata").has("generation")).isFalse();
        assertThat(desired.path("metadata").has("managedFields")).isFalse();
        assertThat(desired.path("metadata").path("resourceVersion").asText()).isEqualTo("21");
        assertThat(desired.path("metadata").path("labels").path("app").asText()).isEqualTo("cart");
        assertThat(desired.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(VERSION.path("metadata").has("uid")).as("the stored version is left as it is").isTrue();
    }

    @Test
    void aDeletedObjectIsCreatedWithoutAResourceVersion() {
        assertThat(RollbackService.desired(VERSION, null).path("metadata").has("resourceVersion")).isFalse();
    }

    @Test
    void secretsAndVersionsOutOfRangeAreRefused() {
        TrackedResource deployment = new TrackedResource();
        deployment.resource = "deployments.apps";
        deployment.latestVersion = 4;
        RollbackService.check(deployment, new RollbackService.Request(4, false, false, null));
        assertThatThrownBy(() -> RollbackService.check(deployment, new RollbackService.Request(5, false, false, null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.slug()).isEqualTo("invalid-version"));
        TrackedResource secret = new TrackedResource();
        secret.resource = "secrets";
        secret.latestVersion = 4;
        assertThatThrownBy(() -> RollbackService.check(secret, new RollbackService.Request(1, true, false, null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.slug()).isEqualTo("secret-rollback");
                });
    }
}
