package dev.kubeatlas.e2e;

import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.sandbox.SandboxCluster;
import dev.kubeatlas.testing.KafkaBroker;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.kubeatlas.e2e.PlatformSmokeE2E.GATEWAY;
import static dev.kubeatlas.e2e.PlatformSmokeE2E.KAFKA;
import static dev.kubeatlas.e2e.PlatformSmokeE2E.KEYCLOAK;
import static dev.kubeatlas.e2e.PlatformSmokeE2E.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/**
 * A cluster onboarded through the gateway as an admin would: an API server with an unseeded, hand-made state (two
 * nodes, one NotReady), its health, a change, a test, its events, its removal; and its token nowhere it must not be.
 */
class ClusterOnboardingE2E {

    static final String CLUSTER_SERVICE = System.getenv().getOrDefault("KUBEATLAS_CLUSTER_SERVICE_URL", "http://127.0.0.1:8081");
    static final Path STATE = Path.of(System.getenv().getOrDefault("KUBEATLAS_STATE", "../.kubeatlas"));
    static final Path LOGS = STATE.resolve("logs");
    static final String SECRET = "e2e-secret-" + UUID.randomUUID();
    static final String NAME = "edge-" + UUID.randomUUID().toString().substring(0, 6);

    static SandboxCluster cluster;

    @BeforeAll
    static void aClusterNobodySeeded() {
        RestAssured.baseURI = GATEWAY;
        cluster = SandboxCluster.start("127.0.0.1", 0);
        cluster.client().nodes().resource(node("edge-1", "True")).create();
        cluster.client().nodes().resource(node("edge-2", "False")).create();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static io.fabric8.kubernetes.api.model.Node node(String name, String ready) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus().build();
    }

    static String serviceToken() {
        return given().baseUri(KEYCLOAK).contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("grant_type", "client_credentials", "client_id", "kubeatlas-services",
                        "client_secret", serviceClientSecret()))
                .post("/realms/kubeatlas/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /** The installation's secret of the client kubeatlas-services, as the launcher made it (exported, or in its state). */
    static String serviceClientSecret() {
        String exported = System.getenv("KUBEATLAS_SERVICE_CLIENT_SECRET");
        if (exported != null && !exported.isBlank()) {
            return exported;
        }
        try {
            return Files.readString(STATE.resolve("secrets/service-client.secret")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("No service client secret: start the platform with ./kubeatlas up", e);
        }
    }

    @Test
    void onboardWatchChangeAndRemoveACluster() throws IOException {
        String admin = token("admin");
        given().auth().oauth2(token("viewer")).contentType("application/json")
                .body(Map.of("name", NAME, "kubeconfig", cluster.kubeconfig(NAME, SECRET)))
                .post("/api/v1/clusters").then().statusCode(403);

        given().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("name", NAME, "kubeconfig", cluster.kubeconfig(NAME, SECRET), "tags", Map.of("site", "edge")))
                .post("/api/v1/clusters")
                .then().statusCode(201)
                .body("kubernetesVersion", notNullValue())
                .body("nodesTotal", equalTo(2))
                .body("nodesReady", equalTo(1))
                .body("status", equalTo("degraded"))
                .body("statusReason", containsString("edge-2"))
                .body(not(containsString(SECRET)));

        given().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("name", NAME, "kubeconfig", cluster.kubeconfig(NAME, SECRET)))
                .post("/api/v1/clusters").then().statusCode(409).contentType("application/problem+json");

        given().auth().oauth2(token("operator")).get("/api/v1/clusters/" + NAME + "/health")
                .then().statusCode(200)
                .body("status", equalTo("degraded"))
                .body("checks[0].notReadyNodes[0]", equalTo("edge-2"))
                .body("changes[0].status", equalTo("degraded"));

        given().auth().oauth2(admin).contentType("application/merge-patch+json")
                .body(Map.of("displayName", "Edge site", "checkIntervalSeconds", 10))
                .patch("/api/v1/clusters/" + NAME)
                .then().statusCode(200).body("displayName", equalTo("Edge site"));

        given().auth().oauth2(admin).post("/api/v1/clusters/" + NAME + "/test")
                .then().statusCode(200).body("nodesTotal", equalTo(2)).body("permissions.'list pods'", equalTo("allowed"));

        // the node recovers: the monitor sees it within the cluster's interval
        cluster.client().nodes().resource(node("edge-2", "True")).update();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                given().auth().oauth2(token("viewer")).get("/api/v1/clusters/" + NAME)
                        .then().body("status", equalTo("connected")).body("nodesReady", equalTo(2)));

        // credentials: for a service identity, directly; never through the gateway, never for a user
        given().baseUri(CLUSTER_SERVICE).auth().oauth2(serviceToken())
                .get("/internal/v1/clusters/" + NAME + "/credentials")
                .then().statusCode(200).body("kubeconfig", containsString(SECRET));
        given().baseUri(CLUSTER_SERVICE).auth().oauth2(admin)
                .get("/internal/v1/clusters/" + NAME + "/credentials").then().statusCode(403);
        given().auth().oauth2(admin).get("/internal/v1/clusters/" + NAME + "/credentials").then().statusCode(404);

        given().auth().oauth2(admin).delete("/api/v1/clusters/" + NAME).then().statusCode(204);
        given().auth().oauth2(admin).get("/api/v1/clusters/" + NAME).then().statusCode(404);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var all = KafkaBroker.read(KAFKA, Topics.CLUSTER_LIFECYCLE, r -> NAME.equals(r.key()), Duration.ofSeconds(5));
            assertThat(all).extracting(r -> r.value()).anyMatch(v -> v.contains(EventTypes.CLUSTER_REGISTERED.type()))
                    .anyMatch(v -> v.contains(EventTypes.CLUSTER_UPDATED.type()))
                    .anyMatch(v -> v.contains(EventTypes.CLUSTER_HEALTH_CHANGED.type()))
                    .anyMatch(v -> v.contains(EventTypes.CLUSTER_REMOVED.type()))
                    .noneMatch(v -> v.contains(SECRET));
        });

        try (Stream<Path> logs = Files.list(LOGS)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(SECRET);
            }
        }
    }
}
