package dev.kubeatlas.e2e;

import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.testing.KafkaBroker;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.kubeatlas.e2e.PlatformSmokeE2E.GATEWAY;
import static dev.kubeatlas.e2e.PlatformSmokeE2E.KAFKA;
import static dev.kubeatlas.e2e.PlatformSmokeE2E.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Day-to-day operations on the registered sandbox, through the gateway with Keycloak tokens: workload-service gets
 * the cluster's credentials from cluster-service with its own service identity.
 */
class WorkloadE2E {

    static final String SANDBOX = "/api/v1/clusters/sandbox";
    static final String SANDBOX_URL = System.getenv().getOrDefault("KUBEATLAS_SANDBOX_URL", "http://127.0.0.1:6443");
    static KubernetesClient cluster;

    @BeforeAll
    static void setUp() {
        RestAssured.baseURI = GATEWAY;
        cluster = sandboxClient();
    }

    /** A client of the sandbox's API server itself, for changes behind KubeAtlas's back and for checking results. */
    static KubernetesClient sandboxClient() {
        Config config = new ConfigBuilder().withMasterUrl(SANDBOX_URL).withOauthToken("e2e").build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @Test
    void listFilterAndReadCustomResources() {
        given().auth().oauth2(token("viewer")).queryParam("namespace", "shop").queryParam("labelSelector", "app=cart")
                .get(SANDBOX + "/resources/pods")
                .then().statusCode(200).body("items[0].metadata.labels.app", equalTo("cart"));
        given().auth().oauth2(token("viewer")).queryParam("namespace", "shop")
                .get(SANDBOX + "/resources/ingressroutes.traefik.io")
                .then().statusCode(200).body("items[0].kind", equalTo("IngressRoute"));
        given().auth().oauth2(token("viewer")).get(SANDBOX + "/resources/clonesets")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("OpenKruise"));
    }

    @Test
    void scalingShowsInTheClusterAndOnTheChangeStream() {
        int replicas = 2 + (int) (System.nanoTime() % 3);
        given().auth().oauth2(token("operator")).contentType("application/json").body(Map.of("replicas", replicas))
                .post(SANDBOX + "/resources/deployments/cart/scale?namespace=shop")
                .then().statusCode(200).body("spec.replicas", equalTo(replicas));
        assertThat(cluster.apps().deployments().inNamespace("shop").withName("cart").get().getSpec().getReplicas())
                .isEqualTo(replicas);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var changes = KafkaBroker.read(KAFKA, Topics.RESOURCE_CHANGES, r -> r.value().contains("\"name\":\"cart\"")
                    && r.value().contains("\"actor\":\"operator\""), Duration.ofSeconds(5));
            assertThat(changes).anySatisfy(r -> {
                var data = EventCodec.decode(r.value(), EventTypes.RESOURCE_CHANGED).data();
                assertThat(data.manifest().path("spec").path("replicas").asInt()).isEqualTo(replicas);
                assertThat(data.source()).isEqualTo("kubeatlas");
            });
        });
        given().auth().oauth2(token("viewer")).get("/api/v1/audit?action=scale&cluster=sandbox")
                .then().statusCode(200).body("items[0].actor", equalTo("operator"));
    }

    @Test
    void searchRelationsPlacementAndQuota() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(token("viewer")).queryParam("q", "cart").get("/api/v1/search")
                        .then().statusCode(200).body("items[0].name", equalTo("cart")));
        given().auth().oauth2(token("viewer")).queryParam("q", "redis:7").get("/api/v1/search")
                .then().statusCode(200).body("items.matched.flatten()", hasItem("image"));
        given().auth().oauth2(token("viewer")).get(SANDBOX + "/resources/deployments/cart/relations?namespace=shop")
                .then().statusCode(200).body("nodes.kind", hasItems("ReplicaSet", "Pod", "Service"));
        given().auth().oauth2(token("viewer")).get(SANDBOX + "/resources/deployments/cart/placement?namespace=shop")
                .then().statusCode(200)
                .body("nodes.find { it.node == 'control-plane-1' }.fits", equalTo(false));
        given().auth().oauth2(token("viewer")).get(SANDBOX + "/namespaces/shop/quota-usage")
                .then().statusCode(200).body("quotas[0].resources.find { it.resource == 'pods' }.percent", notNullValue());
    }

    @Test
    void badInputIsAClearProblem() {
        given().auth().oauth2(token("operator")).contentType("application/yaml")
                .body("kind: ConfigMap\nmetadata: [oops\n".getBytes())
                .post(SANDBOX + "/resources/configmaps?namespace=shop")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("line"));
        given().auth().oauth2(token("viewer")).get("/api/v1/clusters/atlantis/resources/pods")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token("viewer")).contentType("application/json")
                .body(Map.of("replicas", 1)).post(SANDBOX + "/resources/deployments/cart/scale?namespace=shop")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(token("operator")).contentType("application/json")
                .body("{\"data\":\"" + "x".repeat(2 * 1024 * 1024 + 10) + "\"}")
                .post(SANDBOX + "/resources/configmaps?namespace=shop")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void anUnreachableClusterIs503WithRetryAfter() {
        String name = "gone-" + UUID.randomUUID().toString().substring(0, 6);
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: x
                  cluster: {server: "http://127.0.0.1:1"}
                contexts:
                - name: x
                  context: {cluster: x, user: x}
                current-context: x
                users:
                - name: x
                  user: {token: "t"}
                """;
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body(Map.of("name", name, "kubeconfig", kubeconfig)).queryParam("force", true)
                .post("/api/v1/clusters").then().statusCode(201);
        try {
            given().auth().oauth2(token("viewer")).get("/api/v1/clusters/" + name + "/resources/pods")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", notNullValue());
            given().auth().oauth2(token("viewer")).get(SANDBOX + "/resources/pods?namespace=shop").then().statusCode(200);
        } finally {
            given().auth().oauth2(token("admin")).delete("/api/v1/clusters/" + name).then().statusCode(204);
        }
    }
}
