package dev.kubeatlas.e2e;

import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.testing.KafkaBroker;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The started stack, as a new user meets it: through the gateway, with tokens from the local Keycloak, the sandbox
 * registered, and its registration on Kafka and in another service's view.
 */
class PlatformSmokeE2E {

    static final String GATEWAY = env("KUBEATLAS_GATEWAY_URL", "http://127.0.0.1:8080");
    static final String KEYCLOAK = env("KUBEATLAS_KEYCLOAK_URL", "http://127.0.0.1:8180");
    static final String KAFKA = env("KUBEATLAS_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    static final String WORKLOAD_SERVICE = env("KUBEATLAS_WORKLOAD_SERVICE_URL", "http://127.0.0.1:8082");

    @BeforeAll
    static void gateway() {
        RestAssured.baseURI = GATEWAY;
    }

    static String token(String user) {
        return given().baseUri(KEYCLOAK).contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("grant_type", "password", "client_id", "kubeatlas-cli", "username", user,
                        "password", user))
                .post("/realms/kubeatlas/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    @Test
    void withoutATokenTheGatewayAnswers401() {
        given().get("/api/v1/clusters").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aViewerSeesTheSandboxCluster() {
        given().auth().oauth2(token("viewer")).get("/api/v1/clusters")
                .then().statusCode(200)
                .body("items.name", hasItem("sandbox"));
        given().auth().oauth2(token("viewer")).get("/api/v1/clusters/sandbox")
                .then().statusCode(200)
                .body("sandbox", equalTo(true))
                .body("status", equalTo("connected"));
    }

    @Test
    void aViewerCannotRegisterClusters() {
        given().auth().oauth2(token("viewer")).contentType("application/json")
                .body(Map.of("name", "nope", "kubeconfig", "apiVersion: v1\nkind: Config\n"))
                .post("/api/v1/clusters")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void theSandboxRegistrationIsOnKafkaAndReachedAnotherService() {
        var records = KafkaBroker.read(KAFKA, Topics.CLUSTER_LIFECYCLE,
                r -> "sandbox".equals(r.key()) && r.value().contains(EventTypes.CLUSTER_REGISTERED.type()),
                Duration.ofSeconds(20));
        assertThat(records).isNotEmpty();
        assertThat(EventCodec.decode(records.get(0).value(), EventTypes.CLUSTER_REGISTERED).data().sandbox()).isTrue();

        List<String> known = given().baseUri(WORKLOAD_SERVICE).auth().oauth2(token("admin"))
                .get("/internal/v1/known-clusters").then().statusCode(200).extract().path("items.name");
        assertThat(known).contains("sandbox");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
