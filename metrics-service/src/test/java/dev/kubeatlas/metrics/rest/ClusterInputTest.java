package dev.kubeatlas.metrics.rest;

import dev.kubeatlas.sandbox.SandboxCluster;
import dev.kubeatlas.testing.ClusterServiceWireMock;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * What the edge refuses before anything is read: unknown clusters (404), unknown metrics and values (400), path
 * parameters that are not Kubernetes names (400, never sent to an API server), typed query parameters (400, never a
 * 404 or a 500).
 */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
@QuarkusTestResource(ClusterServiceWireMock.class)
class ClusterInputTest {

    static final String BASE = "/api/v1/metrics/clusters/";
    static final String NAME = "probe-" + UUID.randomUUID().toString().substring(0, 6);
    static SandboxCluster probe;

    @BeforeAll
    static void probeCluster() {
        probe = SandboxCluster.start("127.0.0.1", 0).seedDemoShop();
        ClusterServiceWireMock.serve(NAME, probe.kubeconfig(NAME, "t"), 1);
    }

    @AfterAll
    static void stop() {
        probe.close();
    }

    @Test
    void writesForAnUnknownClusterAre404() {
        String nowhere = "nowhere-" + UUID.randomUUID().toString().substring(0, 6);
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("id", "r-" + nowhere, "name", "x", "targetKind", "node", "metric", "ready", "comparison", "<",
                        "threshold", 1, "durationSeconds", 0, "severity", "warning", "cluster", nowhere))
                .post("/api/v1/metrics/alerts/rules").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString(nowhere));
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("intervalSeconds", 60))
                .put(BASE + nowhere + "/collection").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).delete(BASE + nowhere + "/collection").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.viewer()).get(BASE + nowhere + "/collection").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("namespace", "monitoring", "service", "prometheus-k8s", "port", "9090"))
                .put(BASE + nowhere + "/prometheus").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).delete(BASE + nowhere + "/prometheus").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.operator()).post(BASE + nowhere + "/prometheus/detect").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.viewer()).get(BASE + nowhere + "/prometheus").then().statusCode(404)
                .contentType("application/problem+json");
        // a rule that existed is not moved to an unknown cluster either
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("id", "node-not-ready", "name", "x", "targetKind", "node", "metric", "ready", "comparison", "<",
                        "threshold", 1, "durationSeconds", 60, "severity", "critical", "cluster", nowhere))
                .put("/api/v1/metrics/alerts/rules/node-not-ready").then().statusCode(404);
        // the cluster the service knows (through cluster-service) is accepted
        given().auth().oauth2(Tokens.viewer()).get(BASE + NAME + "/collection").then().statusCode(200);
    }

    @Test
    void aRuleOnAnUnknownMetricIs400NamingTheKnownOnes() {
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("id", "typo", "name", "x", "targetKind", "node", "metric", "cpu.usge.percent",
                        "comparison", ">", "threshold", 90, "durationSeconds", 0, "severity", "warning"))
                .post("/api/v1/metrics/alerts/rules").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("cpu.usage.percent")).body("detail", containsString("cpu.usge.percent"));
        // a metric of another kind of target is not one of this kind's
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("id", "typo", "name", "x", "targetKind", "quota", "metric", "cpu.usage.percent",
                        "comparison", ">", "threshold", 90, "durationSeconds", 0, "severity", "warning"))
                .post("/api/v1/metrics/alerts/rules").then().statusCode(400).body("detail", containsString("used.percent"));
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/series?target=node/worker-a&metric=cpu.usge")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("cpu.usage"));
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/series?target=galaxy/x&metric=cpu.usage")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anUnknownFilterValueIs400NamingTheAllowedOnes() {
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/metrics/alerts?state=bogus").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("firing"))
                .body("violations[0].field", equalTo("state"));
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/top/pods?by=bogus").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("restarts"));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/metrics/alerts?state=firing").then().statusCode(200);
    }

    @Test
    void badTypedQueryParametersAre400NamingTheParameter() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("/api/v1/metrics/alerts?limit=abc", "limit"),
                Map.entry("/api/v1/metrics/alerts?limit=99999999999", "limit"),
                Map.entry("/api/v1/metrics/alerts?limit=-1", "limit"),
                Map.entry(BASE + "shop/top/nodes?limit=abc", "limit"),
                Map.entry(BASE + "shop/top/pods?limit=0", "limit"),
                Map.entry(BASE + "shop/quotas?window=abc", "window"),
                Map.entry(BASE + "shop/quotas?window=-6h", "window"),
                Map.entry(BASE + "shop/series?target=cluster&metric=pods.running&from=yesterday", "from"),
                Map.entry(BASE + "shop/series?target=cluster&metric=pods.running&from=-1000000000-01-01T00:00:00Z", "from"),
                Map.entry(BASE + "shop/series?target=cluster&metric=pods.running&to=+1000000000-12-31T23:59:59Z", "to"),
                Map.entry(BASE + "shop/series?target=cluster&metric=pods.running&step=0", "step"),
                Map.entry(BASE + "shop/series?target=cluster&metric=pods.running&step=abc", "step"),
                Map.entry(BASE + "shop/series?target=cluster&metric=pods.running&step=99999999999999999999", "step"));
        bad.forEach((url, parameter) -> given().auth().oauth2(Tokens.viewer()).urlEncodingEnabled(false).get(url)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString(parameter)));
    }

    @Test
    void pathParametersThatAreNotKubernetesNamesNeverReachTheApiServer() {
        int before = probe.server().getRequestCount();
        List<String> bad = List.of(
                BASE + "Bad_Name/summary",
                BASE + "a%20b/nodes",
                BASE + "%C3%A9t%C3%A9/nodes",
                BASE + NAME + "/nodes/..",
                BASE + NAME + "/nodes/a%5Cb",
                BASE + NAME + "/nodes/a%3Fb",
                BASE + NAME + "/nodes/a%23b",
                BASE + NAME + "/nodes/a%00b",
                BASE + NAME + "/nodes/a%2Fb",
                BASE + NAME + "/nodes/n%C3%B6de",
                BASE + NAME + "/nodes/" + "a".repeat(254),
                BASE + NAME + "/pods/Shop/cart",
                BASE + NAME + "/pods/shop/cart%20x",
                BASE + NAME + "/pods?namespace=a%2Fb",
                BASE + NAME + "/pods?node=a%20b",
                BASE + NAME + "/namespaces/" + "a".repeat(64),
                BASE + NAME + "/quotas?namespace=..");
        for (String url : bad) {
            var response = given().auth().oauth2(Tokens.viewer()).urlEncodingEnabled(false).get(url);
            assertThat(response.statusCode()).as(url).isEqualTo(400);
            assertThat(response.contentType()).as(url).isEqualTo("application/problem+json");
        }
        assertThat(probe.server().getRequestCount()).as("requests that reached the API server").isEqualTo(before);
        // an invalid Prometheus set by hand is refused before any request through the service proxy
        for (Map<String, String> body : List.of(
                Map.of("namespace", "monitoring", "service", "prometheus-k8s", "port", "99999"),
                Map.of("namespace", "monitoring", "service", "prometheus-k8s", "port", "0"),
                Map.of("namespace", "../kube-system", "service", "prometheus-k8s", "port", "9090"),
                Map.of("namespace", "monitoring", "service", "a/b", "port", "9090"),
                Map.of("namespace", "monitoring", "service", "prometheus-k8s", "port", "web?x=1"),
                Map.of("namespace", "monitoring", "service", "prometheus-k8s", "port", "9090", "scheme", "ftp"))) {
            given().auth().oauth2(Tokens.admin()).contentType("application/json").body(body)
                    .put(BASE + NAME + "/prometheus").then().statusCode(400).contentType("application/problem+json");
        }
        assertThat(probe.server().getRequestCount()).as("requests that reached the API server").isEqualTo(before);
        // while a valid name does reach it
        given().auth().oauth2(Tokens.viewer()).get(BASE + NAME + "/nodes/worker-a").then().statusCode(200);
        assertThat(probe.server().getRequestCount()).isGreaterThan(before);
    }

    @Test
    void theServiceFiguresCarryNoClusterNameFromARequest() {
        String nowhere = "nowhere-" + UUID.randomUUID().toString().substring(0, 6);
        given().auth().oauth2(Tokens.viewer()).get(BASE + nowhere + "/summary").then().statusCode(404);
        given().auth().oauth2(Tokens.viewer()).get(BASE + nowhere + "/collection");
        given().auth().oauth2(Tokens.viewer()).get(BASE + "Bad_Name/summary").then().statusCode(400);
        given().get("/q/metrics").then().statusCode(200)
                .body(not(containsString(nowhere))).body(not(containsString("Bad_Name")));
    }
}
