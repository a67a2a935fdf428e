package dev.kubeatlas.metrics.rest;

import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.events.cluster.v1.ClusterRegistered;
import dev.kubeatlas.events.cluster.v1.ClusterRemoved;
import dev.kubeatlas.testing.ClusterServiceWireMock;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** A removed cluster takes its open alerts, its collection, its setting and its own rules with it. */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
@QuarkusTestResource(ClusterServiceWireMock.class)
class ClusterRemovalTest {

    static final String BASE = "/api/v1/metrics/clusters/";

    @BeforeAll
    static void usage() {
        MetricsTest.clusters();
    }

    @Test
    void removingAClusterResolvesItsAlertsOnceAndStopsItsCollection() {
        String name = "removed-" + UUID.randomUUID().toString().substring(0, 6);
        ClusterServiceWireMock.serve(name, sandbox().kubeconfig(name, "t"), 1);
        rule("hot-" + name, name, 0);
        rule("slow-" + name, name, 3600);
        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, CloudEvent.create(EventTypes.CLUSTER_REGISTERED,
                "cluster-service", name, name, new ClusterRegistered(name, name, "sandbox", null, sandbox().url(),
                        "v1.31.4", "connected", true, Map.of(), "admin")));
        assertThat(KafkaBroker.read(Topics.METRICS_ALERTS, r -> r.value().contains("hot-" + name)
                && r.value().contains("\"state\":\"firing\""), Duration.ofSeconds(30))).hasSize(1);
        assertThat(KafkaBroker.read(Topics.METRICS_ALERTS, r -> r.value().contains("slow-" + name)
                && r.value().contains("\"state\":\"pending\""), Duration.ofSeconds(30))).hasSize(1);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("intervalSeconds", 5))
                .put(BASE + name + "/collection").then().statusCode(200).body("intervalSeconds", equalTo(5));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("kubeatlas_metrics_alerts_firing{cluster=\"" + name + "\"}")));

        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, CloudEvent.create(EventTypes.CLUSTER_REMOVED,
                "cluster-service", name, name, new ClusterRemoved(name, "admin")));

        // each open alert resolved, and said so exactly once
        for (String rule : new String[]{"hot-" + name, "slow-" + name}) {
            var resolved = KafkaBroker.read(Topics.METRICS_ALERTS, r -> r.value().contains(rule)
                    && r.value().contains("\"state\":\"resolved\""), 2, Duration.ofSeconds(15));
            assertThat(resolved).as(rule).hasSize(1);
            var data = EventCodec.decode(resolved.get(0).value(), EventTypes.ALERT_STATE_CHANGED).data();
            assertThat(data.cluster()).isEqualTo(name);
            assertThat(data.previousState()).isIn("firing", "pending");
        }
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/metrics/alerts?cluster=" + name)
                .then().statusCode(200).body("items.ruleId", hasItems("hot-" + name, "slow-" + name))
                .body("items.state", everyItem(equalTo("resolved")));
        // the cluster's own rules are kept, disabled, for the record
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/metrics/alerts/rules").then().statusCode(200)
                .body("items.find { it.id == 'hot-" + name + "' }.enabled", equalTo(false))
                .body("items.find { it.id == 'slow-" + name + "' }.enabled", equalTo(false));
        // no longer collected: the series stops growing, the setting and the figures of the cluster are gone
        String series = BASE + name + "/series?target=node/worker-a&metric=cpu.usage&step=1&from=" + Instant.now().minusSeconds(600);
        int before = given().auth().oauth2(Tokens.viewer()).get(series).then().statusCode(200)
                .body("points.size()", greaterThanOrEqualTo(1)).extract().path("points.size()");
        await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(series).then().body("points.size()", equalTo(before)));
        given().auth().oauth2(Tokens.viewer()).get(BASE + name + "/collection").then()
                .body("intervalSeconds", equalTo(1)).body("lastStartedAt", nullValue());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(not(containsString("cluster=\"" + name + "\""))));
    }

    static void rule(String id, String cluster, int durationSeconds) {
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("id", id, "name", "CPU above 90% on " + cluster, "targetKind", "node",
                        "metric", "cpu.usage.percent", "comparison", ">", "threshold", 90,
                        "durationSeconds", durationSeconds, "severity", "warning", "cluster", cluster, "node", "worker-a"))
                .post("/api/v1/metrics/alerts/rules").then().statusCode(201);
    }
}
