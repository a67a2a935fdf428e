package dev.kubeatlas.e2e;

import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.testing.KafkaBroker;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.kubeatlas.e2e.PlatformSmokeE2E.GATEWAY;
import static dev.kubeatlas.e2e.PlatformSmokeE2E.token;
import static dev.kubeatlas.e2e.PlatformSmokeE2E.KAFKA;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The sandbox through metrics-service: its health with the reasons, no usage without a metrics API, a series after a
 * few cycles, a rule firing on Kafka, quotas, and no Prometheus.
 */
class MetricsE2E {

    static final String SANDBOX = "/api/v1/metrics/clusters/sandbox";

    @BeforeAll
    static void gateway() {
        RestAssured.baseURI = GATEWAY;
    }

    @Test
    void theSandboxsHealthNamesTheCrashLoopingPodAndUsageIsMissingCleanly() {
        given().auth().oauth2(token("viewer")).get(SANDBOX + "/summary")
                .then().statusCode(200)
                .body("summary.health", equalTo("warning"))
                .body("summary.issues", hasItem(containsString("CrashLoopBackOff")))
                .body("usageAvailable", equalTo(false));
        given().auth().oauth2(token("viewer")).get(SANDBOX + "/summary?live=true")
                .then().statusCode(200).body("collectedAt", notNullValue()).body("summary.health", equalTo("warning"));
        given().auth().oauth2(token("viewer")).get(SANDBOX + "/nodes")
                .then().statusCode(200).body("cluster", equalTo("sandbox")).body("collectedAt", notNullValue())
                .body("items.size()", greaterThanOrEqualTo(1));
        given().auth().oauth2(token("viewer")).get("/api/v1/metrics/summary")
                .then().statusCode(200).body("items.cluster", hasItem("sandbox")).body("errors", notNullValue());
        given().auth().oauth2(token("viewer")).get(SANDBOX + "/quotas?namespace=shop")
                .then().statusCode(200).body("items.name", hasItem("shop-quota"));
        given().auth().oauth2(token("viewer")).get(SANDBOX + "/namespaces/shop")
                .then().statusCode(200).body("health", equalTo("warning")).body("quotas.name", hasItem("shop-quota"));
        given().auth().oauth2(token("operator")).post(SANDBOX + "/prometheus/detect").then().statusCode(202);
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                given().auth().oauth2(token("viewer")).get(SANDBOX + "/prometheus").then().statusCode(200)
                        .body("status", equalTo("not-found")));
        given().auth().oauth2(token("viewer")).get(SANDBOX + "/promql?query=up")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aFasterIntervalGivesASeriesAndAMatchingRuleFiresOnKafka() {
        String rule = "e2e-pods-" + UUID.randomUUID().toString().substring(0, 6);
        given().auth().oauth2(token("admin")).contentType("application/json").body(Map.of("intervalSeconds", 5))
                .put(SANDBOX + "/collection").then().statusCode(200).body("intervalSeconds", equalTo(5));
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body(Map.of("id", rule, "name", "pods running in the sandbox", "targetKind", "cluster",
                        "metric", "pods.running", "comparison", ">", "threshold", 0, "durationSeconds", 0,
                        "severity", "info", "cluster", "sandbox"))
                .post("/api/v1/metrics/alerts/rules").then().statusCode(201);
        try {
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                    given().auth().oauth2(token("viewer"))
                            .get(SANDBOX + "/series?target=cluster&metric=pods.running&step=1&from=" + java.time.Instant.now().minusSeconds(60))
                            .then().statusCode(200).body("resolution", equalTo("raw"))
                            .body("points.size()", greaterThanOrEqualTo(2)));
            var fired = KafkaBroker.read(KAFKA, Topics.METRICS_ALERTS, r -> r.value().contains(rule)
                    && r.value().contains("\"state\":\"firing\""), Duration.ofSeconds(40));
            assertThat(fired).hasSize(1);
            var data = EventCodec.decode(fired.get(0).value(), EventTypes.ALERT_STATE_CHANGED).data();
            assertThat(data.cluster()).isEqualTo("sandbox");
            assertThat(data.target()).isEqualTo("cluster");
            given().auth().oauth2(token("viewer")).get("/api/v1/metrics/alerts?state=firing&cluster=sandbox")
                    .then().statusCode(200).body("items.ruleId", hasItem(rule));
        } finally {
            given().auth().oauth2(token("admin")).delete("/api/v1/metrics/alerts/rules/" + rule);
            given().auth().oauth2(token("admin")).delete(SANDBOX + "/collection");
        }
    }
}
