package dev.kubeatlas.metrics.rest;

import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.metrics.kube.Collector;
import dev.kubeatlas.metrics.service.collection.Samples;
import dev.kubeatlas.events.cluster.v1.ClusterRegistered;
import dev.kubeatlas.sandbox.SandboxCluster;
import dev.kubeatlas.testing.ClusterServiceWireMock;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
@QuarkusTestResource(ClusterServiceWireMock.class)
class MetricsTest {

    static final String BASE = "/api/v1/metrics/clusters/";

    @BeforeAll
    static void clusters() {
        SandboxCluster cluster = sandbox();
        ClusterServiceWireMock.serve("shop", cluster.kubeconfig("shop", "t"), 1);
        if (cluster.client().genericKubernetesResources(Collector.NODE_METRICS).list().getItems().isEmpty()) {
            for (String node : List.of("control-plane-1", "worker-a", "worker-b")) {
                cluster.client().genericKubernetesResources(Collector.NODE_METRICS).resource(metrics(node, null,
                        Map.of("usage", Map.of("cpu", "worker-a".equals(node) ? "7600m" : "1", "memory", "8Gi")))).create();
            }
            cluster.client().genericKubernetesResources(Collector.POD_METRICS).inNamespace("shop").resource(metrics(
                    "cart-8bfb4e1aa-x2kqp", "shop", Map.of("containers", List.of(Map.of("name", "cart",
                            "usage", Map.of("cpu", "120m", "memory", "480Mi")))))).create();
        }
    }

    static GenericKubernetesResource metrics(String name, String namespace, Map<String, Object> fields) {
        GenericKubernetesResource m = new GenericKubernetesResource();
        m.setApiVersion("metrics.k8s.io/v1beta1");
        m.setKind(namespace == null ? "NodeMetrics" : "PodMetrics");
        m.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        fields.forEach(m::setAdditionalProperty);
        return m;
    }

    @Test
    void nodesHaveUsageRatesAgainstAllocatable() {
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/nodes/worker-a")
                .then().statusCode(200)
                .body("node.cpuAllocatableMillis", equalTo(8000))
                .body("node.cpuUsageMillis", equalTo(7600))
                .body("node.cpuUsagePercent", equalTo(95.0f))
                .body("node.ready", equalTo(true))
                .body("node.pods", greaterThanOrEqualTo(1));
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/top/nodes?by=cpu&limit=1")
                .then().statusCode(200).body("items[0].name", equalTo("worker-a"));
        // answered from the last snapshot, with its time; ?live=true reads the cluster now
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/nodes?live=true")
                .then().statusCode(200).body("cluster", equalTo("shop")).body("collectedAt", org.hamcrest.Matchers.notNullValue())
                .body("items.name", hasItem("worker-a"));
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/nodes?live=maybe")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void podsNearTheirLimitAreFlagged() {
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/pods/shop/cart-8bfb4e1aa-x2kqp")
                .then().statusCode(200)
                .body("pod.containers[0].memoryOfLimitPercent", equalTo(93.8f))
                .body("pod.nearLimit", equalTo(true))
                .body("pod.node", equalTo("worker-a"));
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/top/pods?by=memory-of-limit&limit=1")
                .then().statusCode(200).body("items[0].name", equalTo("cart-8bfb4e1aa-x2kqp"));
    }

    @Test
    void theClusterHealthNamesItsIssues() {
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/summary")
                .then().statusCode(200)
                .body("usageAvailable", equalTo(true))
                .body("summary.health", equalTo("warning"))
                .body("summary.issues", hasItem(containsString("CrashLoopBackOff")))
                .body("summary.issues", hasItem(containsString("worker-a CPU")))
                .body("summary.crashLooping", equalTo(1));
    }

    @Test
    void registeredClustersAreCollectedIntoSeries() {
        String name = "collected-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        ClusterServiceWireMock.serve(name, sandbox().kubeconfig(name, "t"), 1);
        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, CloudEvent.create(EventTypes.CLUSTER_REGISTERED,
                "cluster-service", name, name, new ClusterRegistered(name, name, "sandbox", null, sandbox().url(),
                        "v1.31.4", "connected", true, Map.of(), "admin")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer())
                        .get(BASE + name + "/series?target=node/worker-a&metric=cpu.usage&step=1")
                        .then().statusCode(200)
                        .body("points.size()", greaterThanOrEqualTo(2))
                        .body("points[0].v", equalTo(7600.0f)));
        given().auth().oauth2(Tokens.viewer()).get(BASE + name + "/series?target=node/worker-a")
                .then().statusCode(400).contentType("application/problem+json");

        // rolled up as if ten minutes had passed: a 5-minute step reads the 5-minute rollups, an hour the hourly ones
        samples.rollUp(java.time.Instant.now().plus(Duration.ofMinutes(10)), Duration.ofMinutes(30)).await().indefinitely();
        given().auth().oauth2(Tokens.viewer())
                .get(BASE + name + "/series?target=node/worker-a&metric=cpu.usage&step=300")
                .then().statusCode(200).body("resolution", equalTo("5m")).body("stepSeconds", equalTo(300))
                .body("points.size()", greaterThanOrEqualTo(1)).body("points[0].v", equalTo(7600.0f));
        samples.rollUp(java.time.Instant.now().plus(Duration.ofMinutes(70)), Duration.ofMinutes(90)).await().indefinitely();
        given().auth().oauth2(Tokens.viewer())
                .get(BASE + name + "/series?target=node/worker-a&metric=cpu.usage&step=3600&from="
                        + java.time.Instant.now().minus(Duration.ofDays(2)))
                .then().statusCode(200).body("resolution", equalTo("1h")).body("points[0].v", equalTo(7600.0f));
    }

    @jakarta.inject.Inject
    Samples samples;

    @Test
    void aNamespaceHasItsTotalsQuotasAndHealth() {
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/namespaces/shop")
                .then().statusCode(200)
                .body("quotas.name", hasItem("shop-quota"))
                .body("cpuLimitsMillis", greaterThanOrEqualTo(1))
                .body("issues", hasItem(containsString("CrashLoopBackOff")))
                .body("health", equalTo("warning"));
    }

    @Test
    void quotasAreReadWithTheirTrendAndRulesHaveScopes() {
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/quotas?namespace=shop&window=6h")
                .then().statusCode(200).body("window", equalTo("PT6H"))
                .body("items.find { it.resource == 'requests.cpu' }.used", equalTo(1700))
                .body("items.find { it.resource == 'requests.cpu' }.hard", equalTo(4000))
                .body("items.find { it.resource == 'pods' }.percent", equalTo(35.0f))
                .body("items.find { it.resource == 'pods' }.trend", org.hamcrest.Matchers.oneOf("unknown", "steady"));
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/quotas?window=soon").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/metrics/alerts/rules")
                .then().statusCode(200).body("items.id", hasItem("quota-near-limit")).body("items.id", hasItem("pod-restarts-increasing"));
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("id", "bad-scope", "name", "x", "targetKind", "node", "metric", "ready", "comparison", "<",
                        "threshold", 1, "durationSeconds", 0, "severity", "warning", "podSelector", "app=cart"))
                .post("/api/v1/metrics/alerts/rules").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("id", "cart-restarts", "name", "cart restarts", "targetKind", "pod", "metric", "restarts.increase",
                        "comparison", ">", "threshold", 0, "durationSeconds", 0, "severity", "warning",
                        "namespace", "shop", "podSelector", "app=cart"))
                .post("/api/v1/metrics/alerts/rules").then().statusCode(201).body("podSelector", equalTo("app=cart"));
    }

    @Test
    void eachClusterMayHaveItsOwnInterval() {
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/collection")
                .then().statusCode(200).body("intervalSeconds", equalTo(1)).body("defaultIntervalSeconds", equalTo(1));
        given().auth().oauth2(Tokens.operator()).contentType("application/json").body(Map.of("intervalSeconds", 60))
                .put(BASE + "shop/collection").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("intervalSeconds", 2))
                .put(BASE + "shop/collection").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("intervalSeconds", 60))
                .put(BASE + "shop/collection").then().statusCode(200).body("intervalSeconds", equalTo(60));
        given().auth().oauth2(Tokens.viewer()).get(BASE + "shop/collection").then().body("intervalSeconds", equalTo(60));
        given().auth().oauth2(Tokens.admin()).delete(BASE + "shop/collection")
                .then().statusCode(200).body("intervalSeconds", equalTo(1));
    }

    @Test
    void aMatchingRuleFiresAnAlertOnKafka() {
        String name = "alerting-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        // a rule names a registered cluster: cluster-service knows it before the rule is made
        ClusterServiceWireMock.serve(name, sandbox().kubeconfig(name, "t"), 1);
        given().auth().oauth2(Tokens.operator()).contentType("application/json")
                .body(Map.of("id", "x-" + name, "name", "hot", "targetKind", "node", "metric", "cpu.usage.percent",
                        "comparison", ">", "threshold", 90, "durationSeconds", 0, "severity", "warning"))
                .post("/api/v1/metrics/alerts/rules").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("id", "cpu-" + name, "name", "CPU above 90% on " + name, "targetKind", "node",
                        "metric", "cpu.usage.percent", "comparison", ">", "threshold", 90, "durationSeconds", 0,
                        "severity", "warning", "cluster", name))
                .post("/api/v1/metrics/alerts/rules").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("id", "bad", "name", "x", "targetKind", "galaxy", "metric", "m", "comparison", "~",
                        "threshold", 1, "durationSeconds", 0, "severity", "warning"))
                .post("/api/v1/metrics/alerts/rules").then().statusCode(400).contentType("application/problem+json");

        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, CloudEvent.create(EventTypes.CLUSTER_REGISTERED,
                "cluster-service", name, name, new ClusterRegistered(name, name, "sandbox", null, sandbox().url(),
                        "v1.31.4", "connected", true, Map.of(), "admin")));
        var fired = KafkaBroker.read(Topics.METRICS_ALERTS, r -> r.value().contains("cpu-" + name)
                && r.value().contains("\"state\":\"firing\""), Duration.ofSeconds(30));
        org.assertj.core.api.Assertions.assertThat(fired).hasSize(1);
        var data = dev.kubeatlas.events.EventCodec.decode(fired.get(0).value(), EventTypes.ALERT_STATE_CHANGED).data();
        org.assertj.core.api.Assertions.assertThat(data.target()).isEqualTo("node/worker-a");
        org.assertj.core.api.Assertions.assertThat(data.value()).isEqualTo(95.0);
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/metrics/alerts?state=firing&cluster=" + name)
                .then().statusCode(200).body("items[0].target", equalTo("node/worker-a"));
        given().auth().oauth2(Tokens.admin()).delete("/api/v1/metrics/alerts/rules/node-cpu-high").then().statusCode(409);
        // the service's own figures: collections, samples stored, alerts firing, per cluster
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("kubeatlas_metrics_alerts_firing{cluster=\"" + name + "\"}"))
                .body(containsString("kubeatlas_metrics_collection_seconds_count{cluster=\"" + name + "\"}"))
                .body(containsString("kubeatlas_metrics_samples_stored_total{cluster=\"" + name + "\"}")));
        String firing = given().get("/q/metrics").then().extract().asString().lines()
                .filter(l -> l.startsWith("kubeatlas_metrics_alerts_firing{cluster=\"" + name + "\"}")).findFirst().orElseThrow();
        org.assertj.core.api.Assertions.assertThat(Double.parseDouble(firing.substring(firing.lastIndexOf(' ') + 1)))
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void withoutMetricsTheFiguresDegradeCleanly() {
        SandboxCluster bare = SandboxCluster.start("127.0.0.1", 0).seedDemoShop();
        try {
            ClusterServiceWireMock.serve("bare", bare.kubeconfig("bare", "t"), 1);
            given().auth().oauth2(Tokens.viewer()).get(BASE + "bare/nodes")
                    .then().statusCode(200)
                    .body("usageAvailable", equalTo(false))
                    .body("usageUnavailableReason", containsString("metrics"))
                    .body("items[0].cpuUsageMillis", nullValue())
                    .body("items[0].cpuAllocatableMillis", greaterThanOrEqualTo(1000));
        } finally {
            bare.close();
        }
        given().auth().oauth2(Tokens.viewer()).get(BASE + "nowhere/summary")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
