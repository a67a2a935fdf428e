package dev.kubeatlas.history.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.kubeatlas.history.service.backup.Tarball;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** BackupService read and restore through workload-service, which WireMock plays here, answering as it would. */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(HistoryResourceTest.WorkloadService.class)
class BackupResourceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static String base(String cluster) {
        return "/api/v1/clusters/" + cluster + "/resources/";
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final String NAMESPACE = """
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop","uid":"n1","resourceVersion":"5",
             "labels":{"team":"shop"}},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}""";
    static final String CONFIG = """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cart-config","namespace":"shop","uid":"c1",
             "resourceVersion":"6","creationTimestamp":"2026-11-01T00:00:00Z"},"data":{"mode":"fast"}}""";
    static final String ROOT_CA = """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"kube-root-ca.crt","namespace":"shop"},"data":{"ca.crt":"x"}}""";
    static final String SECRET = """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"cart-db","namespace":"shop","resourceVersion":"7"},
             "type":"Opaque","data":{"password":"czNjcjN0"}}""";
    static final String TOKEN_SECRET = """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"default-token","namespace":"shop"},
             "type":"kubernetes.io/service-account-token","data":{"token":"dA=="}}""";
    static final String DEPLOYMENT = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"cart","namespace":"shop","resourceVersion":"8",
             "annotations":{"deployment.kubernetes.io/revision":"2"}},
             "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"cart"}},
             "template":{"metadata":{"labels":{"app":"cart"}},"spec":{"containers":[{"name":"cart","image":"cart:1.4"}]}}},
             "status":{"readyReplicas":3}}""";
    static final String REPLICASET = """
            {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"cart-5d9","namespace":"shop",
             "ownerReferences":[{"kind":"Deployment","name":"cart","controller":true,"uid":"d1","apiVersion":"apps/v1"}]}}""";
    static final String SERVICE = """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"cart","namespace":"shop","resourceVersion":"9"},
             "spec":{"clusterIP":"10.0.0.12","clusterIPs":["10.0.0.12"],"ports":[{"port":80,"targetPort":8080}],
             "selector":{"app":"cart"}}}""";

    /** The shop namespace of a cluster, as workload-service lists it; every other type is empty or not served. */
    static void serveShop(String cluster) {
        var server = HistoryResourceTest.WorkloadService.server;
        server.stubFor(get(urlPathEqualTo("/api/v1/clusters/" + cluster + "/api-resources")).willReturn(okJson("{\"items\":[]}")));
        server.stubFor(get(urlPathMatching(base(cluster) + "[^/]+")).atPriority(9).willReturn(okJson("{\"items\":[]}")));
        server.stubFor(get(urlPathEqualTo(base(cluster) + "poddisruptionbudgets.policy")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://kubeatlas.dev/problems/resource-type-not-found\",\"status\":404,\"detail\":\"not served\"}")));
        server.stubFor(get(urlPathEqualTo(base(cluster) + "namespaces/shop")).willReturn(okJson(NAMESPACE)));
        list(cluster, "configmaps", CONFIG, ROOT_CA);
        server.stubFor(get(urlPathEqualTo(base(cluster) + "secrets")).withQueryParam("reveal", WireMock.equalTo("true"))
                .willReturn(okJson("{\"items\":[" + SECRET + "," + TOKEN_SECRET + "]}")));
        list(cluster, "deployments.apps", DEPLOYMENT.formatted(3));
        list(cluster, "replicasets.apps", REPLICASET);
        list(cluster, "services", SERVICE);
    }

    static JsonNode claims(String bearer) {
        String payload = bearer.substring("Bearer ".length()).split("\\.")[1];
        return json(new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8));
    }

    static void list(String cluster, String resource, String... items) {
        HistoryResourceTest.WorkloadService.server.stubFor(get(urlPathEqualTo(base(cluster) + resource))
                .withQueryParam("namespace", WireMock.equalTo("shop"))
                .willReturn(okJson("{\"items\":[" + String.join(",", items) + "]}")));
    }

    static String take(String cluster) {
        return given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("cluster", cluster, "namespaces", List.of("shop")))
                .post("/api/v1/backups")
                .then().statusCode(201)
                .body("state", equalTo("completed")).body("objects", equalTo(5))
                .body("counts.secrets", equalTo(1)).body("counts.configmaps", equalTo(1))
                .extract().path("id");
    }

    @Test
    void aBackupIsASealedTarGzOfTheCleanedObjectsOfItsScope() {
        String cluster = "b-" + UUID.randomUUID().toString().substring(0, 8);
        serveShop(cluster);
        String id = take(cluster);

        byte[] archive = given().auth().oauth2(Tokens.admin()).get("/api/v1/backups/" + id + "/archive")
                .then().statusCode(200).contentType("application/gzip").extract().asByteArray();
        List<Tarball.Entry> entries = Tarball.read(archive);
        assertThat(entries).extracting(Tarball.Entry::path).containsExactlyInAnyOrder("_cluster/namespaces/shop.yaml",
                "shop/configmaps/cart-config.yaml", "shop/secrets/cart-db.yaml", "shop/deployments.apps/cart.yaml",
                "shop/services/cart.yaml");
        JsonNode deployment = entries.stream().filter(e -> e.name().equals("cart") && e.resource().equals("deployments.apps"))
                .findFirst().orElseThrow().manifest();
        assertThat(deployment.has("status")).isFalse();
        assertThat(deployment.path("metadata").has("resourceVersion")).isFalse();
        assertThat(deployment.path("metadata").has("annotations")).isFalse();
        JsonNode service = entries.stream().filter(e -> e.resource().equals("services")).findFirst().orElseThrow().manifest();
        assertThat(service.path("spec").has("clusterIP")).isFalse();
        JsonNode secret = entries.stream().filter(e -> e.resource().equals("secrets")).findFirst().orElseThrow().manifest();
        assertThat(secret.path("data").path("password").asText()).isEqualTo("czNjcjN0");
        // Secret values were read revealed (audited by workload-service), with the admin's own token
        HistoryResourceTest.WorkloadService.server.verify(getRequestedFor(urlPathEqualTo(base(cluster) + "secrets"))
                .withQueryParam("reveal", WireMock.equalTo("true")));

        given().auth().oauth2(Tokens.admin()).get("/api/v1/backups?cluster=" + cluster)
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].namespaces[0]", equalTo("shop"))
                .body("items[0].createdBy", equalTo("admin"));
        given().auth().oauth2(Tokens.operator()).get("/api/v1/backups").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).get("/api/v1/backups/not-an-id").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).delete("/api/v1/backups/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/api/v1/backups/" + id + "/archive").then().statusCode(404);
    }

    @Test
    void aDryRunReportsAndARestoreAppliesInDependencyOrderIntoAMappedNamespace() {
        String cluster = "r-" + UUID.randomUUID().toString().substring(0, 8);
        serveShop(cluster);
        String id = take(cluster);
        var server = HistoryResourceTest.WorkloadService.server;
        // now: the namespace, config and service are as backed up, the deployment was scaled, the secret is gone
        server.stubFor(get(urlPathEqualTo(base(cluster) + "configmaps/cart-config")).withQueryParam("namespace", WireMock.equalTo("shop")).willReturn(okJson(CONFIG)));
        server.stubFor(get(urlPathEqualTo(base(cluster) + "services/cart")).withQueryParam("namespace", WireMock.equalTo("shop")).willReturn(okJson(SERVICE)));
        server.stubFor(get(urlPathEqualTo(base(cluster) + "deployments.apps/cart")).withQueryParam("namespace", WireMock.equalTo("shop")).willReturn(okJson(DEPLOYMENT.formatted(5))));
        server.stubFor(get(urlPathEqualTo(base(cluster) + "secrets/cart-db")).withQueryParam("namespace", WireMock.equalTo("shop")).willReturn(notFound()));

        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("dryRun", true))
                .post("/api/v1/backups/" + id + "/restore")
                .then().statusCode(200)
                .body("dryRun", equalTo(true)).body("targetCluster", equalTo(cluster))
                .body("summary.unchanged", equalTo(3)).body("summary.would-create", equalTo(1))
                .body("summary.conflict", equalTo(1))
                .body("results.find { it.name == 'cart' && it.kind == 'Deployment' }.changes[0].path", equalTo("spec.replicas"))
                .body("results.find { it.name == 'cart' && it.kind == 'Deployment' }.changes[0].from", equalTo(5))
                .body("results.find { it.name == 'cart' && it.kind == 'Deployment' }.changes[0].to", equalTo(3));
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("dryRun", true, "mode", "overwrite"))
                .post("/api/v1/backups/" + id + "/restore")
                .then().statusCode(200).body("summary.would-update", equalTo(1));
        assertThat(server.findAll(postRequestedFor(urlPathMatching(base(cluster) + ".*")))).isEmpty();

        // into another namespace: nothing exists there yet, so everything is created, namespace first
        server.stubFor(post(urlPathMatching(base(cluster) + "[^/]+")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"metadata\":{\"resourceVersion\":\"100\"}}")));
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("namespaceMapping", Map.of("shop", "shop-copy"), "mode", "overwrite"))
                .post("/api/v1/backups/" + id + "/restore")
                .then().statusCode(200).body("summary.created", equalTo(5)).body("results", hasSize(5))
                .body("results[0].kind", equalTo("Namespace")).body("results[0].name", equalTo("shop-copy"))
                .body("results[0].namespace", nullValue());
        List<ServeEvent> posts = new ArrayList<>(server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals("POST") && e.getRequest().getUrl().startsWith(base(cluster)))
                .toList());
        posts.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        assertThat(posts).extracting(e -> e.getRequest().getUrl().replaceFirst("\\?.*", "").substring(base(cluster).length()))
                .containsExactly("namespaces", "configmaps", "secrets", "deployments.apps", "services");
        server.verify(postRequestedFor(urlPathEqualTo(base(cluster) + "deployments.apps"))
                .withQueryParam("namespace", WireMock.equalTo("shop-copy"))
                .withRequestBody(matchingJsonPath("$.metadata.namespace", WireMock.equalTo("shop-copy")))
                .withRequestBody(matchingJsonPath("$.spec.replicas", WireMock.equalTo("3"))));

        given().auth().oauth2(Tokens.admin()).get("/api/v1/backups/" + id + "/restores")
                .then().statusCode(200).body("items", hasSize(3)).body("items[0].summary.created", equalTo(5));
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("mode", "merge"))
                .post("/api/v1/backups/" + id + "/restore").then().statusCode(400).contentType("application/problem+json");
    }

    /** workload-service's answer for every path of a cluster it does not know. */
    static void unknownCluster(String cluster) {
        HistoryResourceTest.WorkloadService.server.stubFor(get(urlPathMatching("/api/v1/clusters/" + cluster + "/.*"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"https://kubeatlas.dev/problems/cluster-not-found\",\"title\":\"Cluster not found\","
                                + "\"status\":404,\"detail\":\"No cluster named '" + cluster + "'\"}")));
    }

    @Test
    void restoringIntoOrSchedulingBackupsOfAnUnknownClusterIs404() {
        String cluster = "u-" + UUID.randomUUID().toString().substring(0, 8);
        String nowhere = "nowhere-" + cluster;
        serveShop(cluster);
        unknownCluster(nowhere);
        String id = take(cluster);

        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("targetCluster", nowhere, "dryRun", true))
                .post("/api/v1/backups/" + id + "/restore")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://kubeatlas.dev/problems/cluster-not-found"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/backups/" + id + "/restores").then().body("items", hasSize(0));

        Map<String, Object> policy = Map.of("name", "nightly-" + nowhere, "cluster", nowhere, "cron", "0 2 * * *", "retain", 2);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(policy)
                .post("/api/v1/backups/policies")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://kubeatlas.dev/problems/cluster-not-found"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/backups/policies/nightly-" + nowhere).then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("cluster", nowhere, "namespaces", List.of("shop")))
                .post("/api/v1/backups").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).queryParam("cluster", nowhere).get("/api/v1/backups")
                .then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("cluster", "../evil\r\n"))
                .post("/api/v1/backups").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aBackupOfAnObjectNestedTooDeeplyIsA422() {
        String cluster = "z-" + UUID.randomUUID().toString().substring(0, 8);
        serveShop(cluster);
        list(cluster, "configmaps", dev.kubeatlas.history.service.diff.StoredManifestTest.nested(900).toString());
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("cluster", cluster, "namespaces", List.of("shop")))
                .post("/api/v1/backups")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://kubeatlas.dev/problems/manifest-too-deep"));
    }

    @Test
    void policiesRunWithTheServiceIdentityAndKeepTheirNewestBackups() {
        String cluster = "p-" + UUID.randomUUID().toString().substring(0, 8);
        serveShop(cluster);
        String name = "nightly-" + cluster;
        Map<String, Object> policy = Map.of("name", name, "cluster", cluster, "namespaces", List.of("shop"),
                "cron", "0 2 * * *", "retain", 2);
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("name", name, "cluster", cluster, "cron", "every night", "retain", 2))
                .post("/api/v1/backups/policies").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(policy)
                .post("/api/v1/backups/policies").then().statusCode(201).body("cron", equalTo("0 2 * * *"));
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(policy)
                .post("/api/v1/backups/policies").then().statusCode(409);

        for (int run = 0; run < 3; run++) {
            given().auth().oauth2(Tokens.admin()).post("/api/v1/backups/policies/" + name + "/run")
                    .then().statusCode(201).body("createdBy", equalTo("policy:" + name)).body("objects", equalTo(5));
        }
        given().auth().oauth2(Tokens.admin()).get("/api/v1/backups?policy=" + name).then().body("items", hasSize(2));
        // read with the service's own client-credentials token, never a user's
        List<String> roles = HistoryResourceTest.WorkloadService.server.findAll(getRequestedFor(urlPathEqualTo(base(cluster) + "secrets")))
                .stream().map(r -> claims(r.getHeader("Authorization")).path("realm_access").path("roles").toString())
                .distinct().toList();
        assertThat(roles).containsExactly("[\"service\"]");
        given().auth().oauth2(Tokens.admin()).get("/api/v1/backups/policies/" + name)
                .then().statusCode(200).body("lastError", nullValue());
        given().auth().oauth2(Tokens.admin()).delete("/api/v1/backups/policies/" + name).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/api/v1/backups/policies/" + name).then().statusCode(404);
    }
}
