package dev.kubeatlas.testing;

import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * What every data-owning service promises operators, checked against the booted service: health that reflects
 * PostgreSQL and Kafka, Prometheus metrics, OpenAPI, and problem+json for unknown routes and missing tokens.
 * Extend it in a {@code @QuarkusTest} with the {@link OidcWireMock} and {@link KafkaBroker} resources.
 */
public abstract class ServiceContract {

    @Test
    void readinessReflectsDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check", "SmallRye Reactive Messaging - readiness check"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetricsAndOpenApi() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().when().get("/q/openapi?format=json").then().statusCode(200).body("openapi", containsString("3."));
    }

    @Test
    void unknownRoutesAreProblems() {
        given().auth().oauth2(Tokens.viewer()).when().get("/api/v1/no-such-thing")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void internalApiNeedsAServiceOrAdminToken() {
        given().when().get("/internal/v1/known-clusters").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.viewer()).when().get("/internal/v1/known-clusters")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.forUser("workload-service", "service")).when().get("/internal/v1/known-clusters")
                .then().statusCode(200);
    }
}
