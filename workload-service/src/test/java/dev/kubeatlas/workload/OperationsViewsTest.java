package dev.kubeatlas.workload;

import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.events.cluster.v1.ClusterRegistered;
import dev.kubeatlas.sandbox.SandboxCluster;
import dev.kubeatlas.testing.ClusterServiceWireMock;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import dev.kubeatlas.workload.kube.stream.ClusterWatches;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/** Quota usage, relations, placement, scheduling, labels, search, multi-cluster lists and compare. */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
@QuarkusTestResource(ClusterServiceWireMock.class)
class OperationsViewsTest {

    static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    static final String EU = "eu-" + RUN;
    static final String US = "us-" + RUN;
    static SandboxCluster usSandbox;

    @Inject
    ClusterWatches watches;

    @BeforeEach
    void twoWatchedClusters() {
        if (usSandbox == null) {
            usSandbox = SandboxCluster.start("127.0.0.1", 0).seedDemoShop();
            usSandbox.client().apps().deployments().inNamespace("shop").withName("cart")
                    .edit(d -> {
                        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("ghcr.io/kubeatlas-demo/cart:1.5.0");
                        return d;
                    });
        }
        register(EU, sandbox());
        register(US, usSandbox);
    }

    @AfterAll
    static void stopSecondCluster() {
        if (usSandbox != null) {
            usSandbox.close();
        }
    }

    void register(String name, SandboxCluster cluster) {
        ClusterServiceWireMock.serve(name, cluster.kubeconfig(name, "t-" + RUN), 1);
        if (!watches.synced(name)) {
            KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, CloudEvent.create(EventTypes.CLUSTER_REGISTERED,
                    "cluster-service", name, name, new ClusterRegistered(name, name, "sandbox", null, cluster.url(),
                            "v1.31.4", "connected", true, Map.of(), "admin")));
            await().atMost(Duration.ofSeconds(30)).until(() -> watches.synced(name));
        }
    }

    @Test
    void quotaUsageIsComputedAndFlaggedNearTheLimit() {
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + EU + "/namespaces/shop/quota-usage")
                .then().statusCode(200)
                .body("quotas[0].name", equalTo("shop-quota"))
                .body("quotas[0].resources.find { it.resource == 'requests.cpu' }.percent", equalTo(42.5f))
                .body("quotas[0].resources.find { it.resource == 'pods' }.used", equalTo("7"))
                .body("limitRanges[0].name", equalTo("shop-defaults"));

        String name = "tight-" + RUN;
        usSandbox.client().resourceQuotas().inNamespace("shop-data").resource(new ResourceQuotaBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addToHard("pods", new Quantity("10")).addToHard("requests.memory", new Quantity("1Gi")).endSpec()
                .withNewStatus().addToHard("pods", new Quantity("10")).addToUsed("pods", new Quantity("9"))
                .addToHard("requests.memory", new Quantity("1Gi")).addToUsed("requests.memory", new Quantity("1Gi")).endStatus()
                .build()).create();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + US + "/quota-usage")
                        .then().statusCode(200)
                        .body("items[0].name", equalTo(name))
                        .body("items[0].level", equalTo("exceeded"))
                        .body("items[0].resources.find { it.resource == 'pods' }.level", equalTo("warning")));
    }

    @Test
    void relationsOfADeploymentFollowOwnersSelectorsAndConfig() {
        given().auth().oauth2(Tokens.viewer())
                .get("/api/v1/clusters/" + EU + "/resources/deployments/frontend/relations?namespace=shop&depth=3")
                .then().statusCode(200)
                .body("root", equalTo("Deployment/shop/frontend"))
                .body("nodes.kind", hasItems("Deployment", "ReplicaSet", "Pod", "Service", "ConfigMap"))
                .body("edges.relation", hasItems("owns", "selects", "uses"));
    }

    @Test
    void placementSaysWhyTheTaintedControlPlaneIsExcluded() {
        given().auth().oauth2(Tokens.viewer())
                .get("/api/v1/clusters/" + EU + "/resources/deployments/frontend/placement?namespace=shop")
                .then().statusCode(200)
                .body("nodes.find { it.node == 'control-plane-1' }.fits", equalTo(false))
                .body("nodes.find { it.node == 'control-plane-1' }.reasons[0]", containsString("node-role.kubernetes.io/control-plane"))
                .body("nodes.find { it.node == 'worker-a' }.fits", equalTo(true));
    }

    @Test
    void schedulingAndTaintsAreSetThroughTheApi() {
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("nodeSelector", Map.of("topology.kubernetes.io/zone", "nowhere")))
                .put("/api/v1/clusters/" + US + "/resources/deployments/checkout/scheduling?namespace=shop")
                .then().statusCode(200).body("nodeSelector.'topology.kubernetes.io/zone'", equalTo("nowhere"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer())
                        .get("/api/v1/clusters/" + US + "/resources/deployments/checkout/placement?namespace=shop")
                        .then().statusCode(200).body("fitting", equalTo(0)));

        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("taints", List.of(Map.of("key", "dedicated", "value", "db", "effect", "NoSchedule"))))
                .put("/api/v1/clusters/" + US + "/nodes/worker-b/taints")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("taints", List.of(Map.of("key", "dedicated", "value", "db", "effect", "NoSchedule"))))
                .put("/api/v1/clusters/" + US + "/nodes/worker-b/taints")
                .then().statusCode(200).body("[0].key", equalTo("dedicated"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("taints", List.of(Map.of("key", "x", "effect", "Sometimes"))))
                .put("/api/v1/clusters/" + US + "/nodes/worker-b/taints")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void labelsChangeAcrossKindsBySelectorWithAResultPerObject() {
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("selector", Map.of("resources", List.of("deployments", "services"), "namespace", "shop-data",
                        "labelSelector", "app=redis"), "labels", Map.of("team", "data"), "dryRun", false))
                .post("/api/v1/clusters/" + US + "/labels")
                .then().statusCode(200).body("changed", equalTo(2)).body("failed", equalTo(0));
        assertThat(usSandbox.client().services().inNamespace("shop-data").withName("redis").get().getMetadata().getLabels())
                .containsEntry("team", "data");
        given().auth().oauth2(Tokens.viewer()).contentType(ContentType.JSON)
                .body(Map.of("targets", List.of(Map.of("resource", "deployments", "namespace", "shop", "name", "cart")),
                        "labels", Map.of("team", "x")))
                .post("/api/v1/clusters/" + US + "/labels")
                .then().statusCode(200).body("failed", equalTo(1)).body("items[0].status", equalTo(403));
    }

    @Test
    void aLabelSelectorQueriesSeveralKindsAtOnce() {
        given().auth().oauth2(Tokens.viewer()).queryParam("labelSelector", "app=cart")
                .queryParam("kinds", "deployments,services,pods").queryParam("namespace", "shop")
                .get("/api/v1/clusters/" + EU + "/labels")
                .then().statusCode(200).body("items.kind", hasItems("Deployment", "Service", "Pod"));
    }

    @Test
    void searchFindsByNameAndImageAcrossClusters() {
        given().auth().oauth2(Tokens.viewer()).queryParam("q", "cart").queryParam("clusters", EU + "," + US)
                .get("/api/v1/search")
                .then().statusCode(200)
                .body("items[0].name", equalTo("cart"))
                .body("items[0].score", equalTo(100))
                .body("items.cluster", hasItems(EU, US));
        given().auth().oauth2(Tokens.viewer()).queryParam("q", "redis:7.4").queryParam("kinds", "pods")
                .queryParam("clusters", EU)
                .get("/api/v1/search")
                .then().statusCode(200)
                .body("items[0].kind", equalTo("Pod"))
                .body("items[0].matched", hasItem("image"));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/search").then().statusCode(400);
    }

    @Test
    void oneTypeFromSeveralClustersAndAComparison() {
        given().auth().oauth2(Tokens.viewer())
                .queryParam("clusters", EU + "," + US + ",nowhere-" + RUN).queryParam("namespace", "shop")
                .queryParam("labelSelector", "app=cart")
                .get("/api/v1/resources/deployments")
                .then().statusCode(200)
                .body("items.cluster", hasItems(EU, US))
                .body("errors[0].cluster", equalTo("nowhere-" + RUN))
                .body("errors[0].problem.status", equalTo(404));
        given().auth().oauth2(Tokens.viewer()).queryParam("namespace", "shop").queryParam("clusters", EU + "," + US)
                .get("/api/v1/compare/deployments/cart")
                .then().statusCode(200)
                .body("identical", equalTo(false))
                .body("differences.path", hasItem("spec.template.spec.containers[0].image"))
                .body("differences.path", not(hasItem("metadata.uid")));
    }
}
