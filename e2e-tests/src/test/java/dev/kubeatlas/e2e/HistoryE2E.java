package dev.kubeatlas.e2e;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.kubeatlas.e2e.PlatformSmokeE2E.GATEWAY;
import static dev.kubeatlas.e2e.PlatformSmokeE2E.token;
import static dev.kubeatlas.e2e.WorkloadE2E.sandboxClient;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;

/**
 * Two changes through KubeAtlas and one behind its back become three versions with the right actors and sources;
 * the diff names exactly the changed fields; a rollback puts the cluster back.
 */
class HistoryE2E {

    static final String HISTORY = "/api/v1/history/sandbox/deployments.apps/shop/checkout";
    static KubernetesClient cluster;

    @BeforeAll
    static void setUp() {
        RestAssured.baseURI = GATEWAY;
        cluster = sandboxClient();
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    static JsonPath history() {
        return given().auth().oauth2(token("viewer")).get(HISTORY).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void changesBecomeVersionsAndARollbackRestoresTheFirst() {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                given().auth().oauth2(token("viewer")).get(HISTORY).statusCode() == 200);
        int start = history().getInt("latestVersion");
        Deployment before = cluster.apps().deployments().inNamespace("shop").withName("checkout").get();
        int replicas = before.getSpec().getReplicas() + 1;
        String image = before.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();

        given().auth().oauth2(token("operator")).contentType("application/json").body(Map.of("replicas", replicas))
                .post("/api/v1/clusters/sandbox/resources/deployments/checkout/scale?namespace=shop").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> history().getInt("latestVersion") == start + 1);
        given().auth().oauth2(token("operator")).contentType("application/merge-patch+json")
                .body(Map.of("metadata", Map.of("labels", Map.of("tier", "payments"))))
                .patch("/api/v1/clusters/sandbox/resources/deployments/checkout?namespace=shop").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> history().getInt("latestVersion") == start + 2);
        cluster.apps().deployments().inNamespace("shop").withName("checkout").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image + "-hotfix");
            return d;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> history().getInt("latestVersion") == start + 3);

        JsonPath h = history();
        List<Map<String, Object>> versions = h.getList("items");
        assertThat(versions.get(2)).containsEntry("actor", "operator").containsEntry("source", "kubeatlas");
        assertThat((String) versions.get(2).get("summary")).contains("spec.replicas");
        assertThat(versions.get(1)).containsEntry("actor", "operator").containsEntry("source", "kubeatlas");
        assertThat(versions.get(0)).containsEntry("source", "external").containsEntry("drift", true);
        assertThat((String) versions.get(0).get("summary")).contains("image");

        given().auth().oauth2(token("viewer")).get(HISTORY + "/diff?from=" + start + "&to=" + (start + 3))
                .then().statusCode(200)
                .body("changes.path", hasItems("spec.replicas", "metadata.labels.tier",
                        "spec.template.spec.containers[checkout].image"));

        given().auth().oauth2(token("operator")).contentType("application/json").body(Map.of("version", start))
                .post(HISTORY + "/rollback").then().statusCode(200);
        Deployment after = cluster.apps().deployments().inNamespace("shop").withName("checkout").get();
        assertThat(after.getSpec().getReplicas()).isEqualTo(before.getSpec().getReplicas());
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(image);
        assertThat(after.getMetadata().getLabels()).doesNotContainKey("tier");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(history().getString("items[0].summary")).startsWith("rollback to version " + start));
    }
}
