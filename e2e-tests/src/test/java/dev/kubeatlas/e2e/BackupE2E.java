package dev.kubeatlas.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import static dev.kubeatlas.e2e.PlatformSmokeE2E.GATEWAY;
import static dev.kubeatlas.e2e.PlatformSmokeE2E.token;
import static dev.kubeatlas.e2e.WorkloadE2E.sandboxClient;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Back up a namespace, lose two objects, restore with a dry run and then for real; a Secret's values travel in the
 * sealed archive, never in the history.
 */
class BackupE2E {

    static final String RESOURCES = "/api/v1/clusters/sandbox/resources/";
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

    @Test
    void aNamespaceIsBackedUpAndWhatWasLostIsRestored() throws IOException {
        String secret = "e2e-db-" + UUID.randomUUID().toString().substring(0, 6);
        String password = "c3VwZXItc2VjcmV0LXZhbHVl";
        given().auth().oauth2(token("operator")).contentType("application/json")
                .body(Map.of("apiVersion", "v1", "kind", "Secret", "metadata", Map.of("name", secret),
                        "type", "Opaque", "data", Map.of("password", password)))
                .post(RESOURCES + "secrets?namespace=shop").then().statusCode(201);

        // the history keeps the Secret, and only a hash of its value
        String history = "/api/v1/history/sandbox/secrets/shop/" + secret;
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(token("viewer")).get(history).statusCode() == 200);
        String version = given().auth().oauth2(token("viewer")).get(history + "/versions/1").then().statusCode(200)
                .extract().asString();
        assertThat(version).doesNotContain(password).contains("sha256:");

        JsonPath backup = given().auth().oauth2(token("admin")).contentType("application/json")
                .body(Map.of("cluster", "sandbox", "namespaces", List.of("shop")))
                .post("/api/v1/backups").then().statusCode(201).body("state", equalTo("completed"))
                .extract().jsonPath();
        String id = backup.getString("id");
        assertThat(backup.getInt("counts.secrets")).isGreaterThanOrEqualTo(1);
        assertThat(backup.getInt("counts.configmaps")).isGreaterThanOrEqualTo(2);
        assertThat(backup.getInt("counts.'deployments.apps'")).isGreaterThanOrEqualTo(3);
        given().auth().oauth2(token("operator")).get("/api/v1/backups").then().statusCode(403);

        byte[] archive = given().auth().oauth2(token("admin")).get("/api/v1/backups/" + id + "/archive")
                .then().statusCode(200).extract().asByteArray();
        String tar = new String(new GZIPInputStream(new ByteArrayInputStream(archive)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar).contains("shop/secrets/" + secret + ".yaml").contains(password)
                .contains("shop/deployments.apps/checkout.yaml").doesNotContain("resourceVersion");

        // lost: the Secret and a ConfigMap
        given().auth().oauth2(token("operator")).delete(RESOURCES + "secrets/" + secret + "?namespace=shop").then().statusCode(204);
        given().auth().oauth2(token("operator")).delete(RESOURCES + "configmaps/frontend-config?namespace=shop").then().statusCode(204);

        JsonPath dryRun = given().auth().oauth2(token("admin")).contentType("application/json").body(Map.of("dryRun", true))
                .post("/api/v1/backups/" + id + "/restore").then().statusCode(200).extract().jsonPath();
        assertThat(dryRun.getInt("summary.would-create")).isEqualTo(2);
        assertThat(dryRun.getList("results.findAll { it.outcome == 'would-create' }.name")).containsExactlyInAnyOrder(secret, "frontend-config");
        assertThat(dryRun.getList("results.outcome")).doesNotContain("failed");
        assertThat(cluster.secrets().inNamespace("shop").withName(secret).get()).isNull();

        JsonPath restored = given().auth().oauth2(token("admin")).contentType("application/json").body(Map.of())
                .post("/api/v1/backups/" + id + "/restore").then().statusCode(200)
                .body("results.outcome", not(org.hamcrest.Matchers.hasItem("failed"))).extract().jsonPath();
        assertThat(restored.getInt("summary.created")).isEqualTo(2);
        assertThat(cluster.secrets().inNamespace("shop").withName(secret).get().getData()).containsEntry("password", password);
        assertThat(cluster.configMaps().inNamespace("shop").withName("frontend-config").get()).isNotNull();
        // restores are changes made through KubeAtlas, by the admin who asked, and audited as such
        given().auth().oauth2(token("viewer")).get("/api/v1/audit?action=create&resource=configmaps&actor=admin")
                .then().statusCode(200).body("items[0].name", equalTo("frontend-config"));
    }
}
