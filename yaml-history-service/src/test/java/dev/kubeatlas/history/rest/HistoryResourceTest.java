package dev.kubeatlas.history.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.events.resource.v1.ResourceChanged;
import dev.kubeatlas.history.events.ChangeConsumer;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(HistoryResourceTest.WorkloadService.class)
public class HistoryResourceTest {

    /** WireMock in the place of workload-service, which applies rollbacks. */
    public static class WorkloadService implements QuarkusTestResourceLifecycleManager {
        public static WireMockServer server;

        @Override
        public Map<String, String> start() {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            return Map.of("kubeatlas.workload-service.url", "http://127.0.0.1:" + server.port());
        }

        @Override
        public void stop() {
            server.stop();
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode deployment(int replicas, String image, String resourceVersion) {
        try {
            return JSON.readTree("""
                    {"apiVersion":"apps/v1","kind":"Deployment",
                     "metadata":{"name":"cart","namespace":"shop","resourceVersion":"%s","labels":{"app":"cart"}},
                     "spec":{"replicas":%d,"template":{"spec":{"containers":[
                       {"name":"cart","image":"%s","ports":[{"containerPort":8080}]},
                       {"name":"sidecar","image":"envoy:1.31"}]}}}}""".formatted(resourceVersion, replicas, image));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static CloudEvent<ResourceChanged> change(String cluster, String type, JsonNode manifest, String hash, String actor) {
        String rv = manifest == null ? "999" : manifest.path("metadata").path("resourceVersion").asText();
        return CloudEvent.create(EventTypes.RESOURCE_CHANGED, "workload-service", "shop/deployments.apps/cart", cluster,
                new ResourceChanged(cluster, "apps/v1", "Deployment", "deployments.apps", "shop", "cart", "uid-1", rv, type,
                        actor == null ? "external" : "kubeatlas", actor, manifest, hash));
    }

    static void send(String cluster, CloudEvent<ResourceChanged> event) {
        KafkaBroker.sendEvent(Topics.RESOURCE_CHANGES, cluster + "/deployments.apps/shop/cart", event);
    }

    static String path(String cluster) {
        return "/api/v1/history/" + cluster + "/deployments.apps/shop/cart";
    }

    @Test
    void eachDistinctContentIsOneVersionWithItsActorSourceAndSummary() {
        String cluster = "h-" + UUID.randomUUID().toString().substring(0, 8);
        send(cluster, change(cluster, "BASELINE", deployment(3, "cart:1.4.2", "10"), "sha256:a", null));
        CloudEvent<ResourceChanged> scaled = change(cluster, "MODIFIED", deployment(5, "cart:1.4.2", "11"), "sha256:b", "operator");
        send(cluster, scaled);
        send(cluster, scaled); // redelivered: no second version
        send(cluster, change(cluster, "MODIFIED", deployment(5, "cart:1.5.0", "12"), "sha256:c", null));
        send(cluster, change(cluster, "MODIFIED", deployment(5, "cart:1.5.0", "13"), "sha256:c", null)); // same content

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(path(cluster)).then().statusCode(200).body("items", hasSize(3)));
        given().auth().oauth2(Tokens.viewer()).get(path(cluster))
                .then().statusCode(200)
                .body("latestVersion", equalTo(3))
                .body("items[2].number", equalTo(1)).body("items[2].summary", equalTo("baseline"))
                .body("items[1].actor", equalTo("operator")).body("items[1].source", equalTo("kubeatlas"))
                .body("items[1].summary", equalTo("spec.replicas 3→5"))
                .body("items[0].source", equalTo("external")).body("items[0].drift", equalTo(true))
                .body("items[0].summary", equalTo("containers[cart].image cart:1.4.2→cart:1.5.0"));

        given().auth().oauth2(Tokens.viewer()).get(path(cluster) + "/diff?from=1&to=3")
                .then().statusCode(200)
                .body("changes.path", hasItems("spec.replicas", "spec.template.spec.containers[cart].image"))
                .body("changes", hasSize(2));
        String unified = given().auth().oauth2(Tokens.viewer()).accept("text/plain").get(path(cluster) + "/diff?from=1&to=3")
                .then().statusCode(200).extract().asString();
        assertThat(unified).contains("-  replicas: 3").contains("+  replicas: 5").contains("+      - image: cart:1.5.0")
                .doesNotContain("resourceVersion");
        given().auth().oauth2(Tokens.viewer()).accept("application/yaml").get(path(cluster) + "/versions/1")
                .then().statusCode(200).body(containsString("image: cart:1.4.2"));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/history/" + cluster + "/deployments/shop/cart/versions/2")
                .then().statusCode(200).body("spec.replicas", equalTo(5));
    }

    @Test
    void deletedResourcesKeepTheirHistory() {
        String cluster = "d-" + UUID.randomUUID().toString().substring(0, 8);
        send(cluster, change(cluster, "ADDED", deployment(1, "cart:1", "1"), "sha256:x", "operator"));
        send(cluster, change(cluster, "DELETED", null, null, null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(path(cluster)).then().statusCode(200)
                        .body("deleted", equalTo(true)).body("items[0].changeType", equalTo("DELETED")));
        given().auth().oauth2(Tokens.viewer()).get(path(cluster) + "/versions/2")
                .then().statusCode(200).body("spec.replicas", equalTo(1));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/history/" + cluster + "/changes")
                .then().statusCode(200).body("items", hasSize(2)).body("items[0].version.changeType", equalTo("DELETED"));
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        String cluster = "p-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.send(Topics.RESOURCE_CHANGES, cluster, "{not an event " + cluster);
        send(cluster, change(cluster, "ADDED", deployment(2, "cart:2", "7"), "sha256:p", null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(path(cluster)).then().statusCode(200).body("items", hasSize(1)));
        assertThat(KafkaBroker.read(Topics.RESOURCE_CHANGES + ".dlq", r -> r.value().contains(cluster), Duration.ofSeconds(20)))
                .hasSize(1);
    }

    @Test
    void rollbackGoesThroughWorkloadServiceAsTheCallerAndIsRecordedAsSuch() {
        String cluster = "r-" + UUID.randomUUID().toString().substring(0, 8);
        send(cluster, change(cluster, "BASELINE", deployment(3, "cart:1", "20"), "sha256:r1", null));
        send(cluster, change(cluster, "MODIFIED", deployment(6, "cart:1", "21"), "sha256:r2", "operator"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(path(cluster)).then().body("items", hasSize(2)));
        String resourcePath = "/api/v1/clusters/" + cluster + "/resources/deployments.apps/cart";
        WorkloadService.server.stubFor(get(urlPathEqualTo(resourcePath)).willReturn(okJson(deployment(6, "cart:1", "21").toString())));
        WorkloadService.server.stubFor(put(urlPathEqualTo(resourcePath)).willReturn(okJson(deployment(3, "cart:1", "22").toString())));

        given().auth().oauth2(Tokens.operator()).contentType("application/json").body(Map.of("version", 1, "dryRun", true))
                .post(path(cluster) + "/rollback")
                .then().statusCode(200).body("changes[0].path", equalTo("spec.replicas")).body("changes[0].to", equalTo(3));
        WorkloadService.server.verify(putRequestedFor(urlPathEqualTo(resourcePath)).withQueryParam("dryRun", WireMock.equalTo("true")));

        given().auth().oauth2(Tokens.operator()).contentType("application/json").body(Map.of("version", 1, "resourceVersion", "19"))
                .post(path(cluster) + "/rollback")
                .then().statusCode(409).contentType("application/problem+json");

        String operator = Tokens.operator();
        given().auth().oauth2(operator).contentType("application/json").body(Map.of("version", 1))
                .post(path(cluster) + "/rollback")
                .then().statusCode(200).body("resourceVersion", equalTo("22"));
        WorkloadService.server.verify(putRequestedFor(urlPathEqualTo(resourcePath))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + operator))
                .withRequestBody(matchingJsonPath("$.spec.replicas", WireMock.equalTo("3")))
                .withRequestBody(matchingJsonPath("$.metadata.resourceVersion", WireMock.equalTo("21"))));

        send(cluster, change(cluster, "MODIFIED", deployment(3, "cart:1", "22"), "sha256:r3", "operator"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(path(cluster)).then()
                        .body("items[0].summary", equalTo("rollback to version 1; spec.replicas 6→3")));
        given().auth().oauth2(Tokens.viewer()).contentType("application/json").body(Map.of("version", 1))
                .post(path(cluster) + "/rollback").then().statusCode(403);
    }

    @Test
    void tagsNameVersionsAndRetentionKeepsThemAndTheNewest() {
        String cluster = "t-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 1; i <= 5; i++) {
            send(cluster, change(cluster, i == 1 ? "BASELINE" : "MODIFIED", deployment(i, "cart:1", "3" + i), "sha256:t" + i, null));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(path(cluster)).then().body("items", hasSize(5)));

        given().auth().oauth2(Tokens.operator()).contentType("application/json").body(Map.of("tag", "release-2026-11", "version", 2))
                .post(path(cluster) + "/tags").then().statusCode(201).body("version", equalTo(2));
        given().auth().oauth2(Tokens.operator()).contentType("application/json").body(Map.of("tag", "release-2026-11", "version", 3))
                .post(path(cluster) + "/tags").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.operator()).contentType("application/json").body(Map.of("tag", "Not A Tag", "version", 3))
                .post(path(cluster) + "/tags").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/history/" + cluster + "/tags/release-2026-11")
                .then().statusCode(200).body("items[0].name", equalTo("cart")).body("items[0].version", equalTo(2));

        given().auth().oauth2(Tokens.operator()).contentType("application/json").body(Map.of("keepVersions", 1))
                .put("/api/v1/history/" + cluster + "/retention").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("keepVersions", 1))
                .put("/api/v1/history/" + cluster + "/retention").then().statusCode(200).body("removed", equalTo(3));
        given().auth().oauth2(Tokens.viewer()).get(path(cluster))
                .then().statusCode(200).body("items.number", org.hamcrest.Matchers.contains(5, 2));
    }

    @Test
    void aVersionIsComparedWithWhatRunsNow() {
        String cluster = "l-" + UUID.randomUUID().toString().substring(0, 8);
        send(cluster, change(cluster, "BASELINE", deployment(2, "cart:1", "40"), "sha256:l1", null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(path(cluster)).then().body("items", hasSize(1)));
        WorkloadService.server.stubFor(get(urlPathEqualTo("/api/v1/clusters/" + cluster + "/resources/deployments.apps/cart"))
                .willReturn(okJson(deployment(4, "cart:1", "41").toString())));
        given().auth().oauth2(Tokens.viewer()).get(path(cluster) + "/diff-live")
                .then().statusCode(200).body("live", equalTo(true))
                .body("changes.path", org.hamcrest.Matchers.contains("spec.replicas"));
    }

    static org.apache.kafka.clients.consumer.ConsumerRecord<String, String> deadLetter(String marker) {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> found = KafkaBroker.read(
                Topics.RESOURCE_CHANGES + ".dlq", r -> r.value().contains(marker), Duration.ofSeconds(30));
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    static String reason(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record) {
        return new String(record.headers().lastHeader(ChangeConsumer.REASON_HEADER).value(), StandardCharsets.UTF_8);
    }

    /** The value of a counter on /q/metrics, 0 when it has none. */
    static double metric(String series) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(series)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aChangeWithoutChangeTypeGoesToTheDeadLetterTopicAndTheChangesAroundItAreStored() {
        String cluster = "n-" + UUID.randomUUID().toString().substring(0, 8);
        CloudEvent<ResourceChanged> poison = change(cluster, null, deployment(4, "cart:2", "51"), "sha256:n2", null);
        send(cluster, change(cluster, "BASELINE", deployment(3, "cart:1", "50"), "sha256:n1", null));
        send(cluster, poison);
        send(cluster, change(cluster, "MODIFIED", deployment(5, "cart:3", "52"), "sha256:n3", null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(path(cluster)).then().statusCode(200)
                        .body("items.resourceVersion", org.hamcrest.Matchers.contains("52", "50")));
        assertThat(reason(deadLetter(poison.id()))).contains("changeType");
        assertThat(metric("kubeatlas_history_dead_letters_total{reason=\"invalid\"")).isPositive();
        assertThat(given().get("/q/metrics").then().extract().asString()).contains("kubeatlas_history_batch_failures_total");
    }

    @Test
    void aChangeTheDatabaseRefusesIsSetApartAndTheRestOfItsBatchIsStored() {
        String cluster = "q-" + UUID.randomUUID().toString().substring(0, 8);
        // valid as an event, but PostgreSQL text holds no NUL character: SQLState 22021 when it is inserted
        CloudEvent<ResourceChanged> refused = change(cluster, "MODIFIED", deployment(4, "cart:2", "61"), "sha256:q2",
                "operator\u0000");
        send(cluster, change(cluster, "BASELINE", deployment(3, "cart:1", "60"), "sha256:q1", null));
        send(cluster, refused);
        send(cluster, change(cluster, "MODIFIED", deployment(5, "cart:3", "62"), "sha256:q3", null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(path(cluster)).then().statusCode(200)
                        .body("items.resourceVersion", org.hamcrest.Matchers.contains("62", "60")));
        assertThat(reason(deadLetter(refused.id()))).startsWith("the database refused it: SQLState 22");
        assertThat(metric("kubeatlas_history_dead_letters_total{reason=\"refused-by-database\"")).isPositive();
    }

    @Test
    void aManifestNestedTooDeeplyGoesToTheDeadLetterTopic() {
        String cluster = "z-" + UUID.randomUUID().toString().substring(0, 8);
        CloudEvent<ResourceChanged> deep = CloudEvent.create(EventTypes.RESOURCE_CHANGED, "workload-service", "shop/configmaps/deep",
                cluster, new ResourceChanged(cluster, "v1", "ConfigMap", "configmaps", "shop", "deep", "uid-9", "70", "ADDED",
                        "external", null, dev.kubeatlas.history.service.diff.StoredManifestTest.nested(900), "sha256:z1"));
        KafkaBroker.sendEvent(Topics.RESOURCE_CHANGES, cluster + "/configmaps/shop/deep", deep);
        send(cluster, change(cluster, "ADDED", deployment(1, "cart:1", "71"), "sha256:z2", null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(path(cluster)).then().statusCode(200).body("items", hasSize(1)));
        assertThat(reason(deadLetter(deep.id()))).contains("nested more than 100 levels");
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/history/" + cluster + "/configmaps/shop/deep")
                .then().statusCode(404);
    }

    @Test
    void unknownVersionsAre404AndInvalidQueryValuesAre400() {
        String cluster = "v-" + UUID.randomUUID().toString().substring(0, 8);
        send(cluster, change(cluster, "BASELINE", deployment(1, "cart:1", "80"), "sha256:v1", null));
        send(cluster, change(cluster, "MODIFIED", deployment(2, "cart:1", "81"), "sha256:v2", null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(path(cluster)).then().body("items", hasSize(2)));

        given().auth().oauth2(Tokens.viewer()).get(path(cluster) + "/versions/99")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.viewer()).get(path(cluster) + "/versions/0").then().statusCode(404);
        given().auth().oauth2(Tokens.viewer()).get(path(cluster) + "/diff-live?version=77")
                .then().statusCode(404).contentType("application/problem+json");

        for (String query : List.of("/changes?source=bogus", "/changes?limit=abc", "/changes?limit=0", "/changes?since=yesterday",
                "/changes?since=-1000000000-01-01T00:00:00Z", "/changes?until=%2B1000000000-12-31T23:59:59Z")) {
            String parameter = query.substring("/changes?".length(), query.indexOf('='));
            given().auth().oauth2(Tokens.viewer()).get("/api/v1/history/" + cluster + query)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations[0].field", equalTo(parameter)).body("detail", containsString("'" + parameter + "'"));
        }
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/history/" + cluster + "/changes?source=bogus")
                .then().body("detail", containsString("kubeatlas, external"));
        given().auth().oauth2(Tokens.viewer()).get(path(cluster) + "?source=bogus").then().statusCode(400);
        given().auth().oauth2(Tokens.viewer()).get(path(cluster) + "?since=notadate").then().statusCode(400)
                .body("violations[0].field", equalTo("since"));
        given().auth().oauth2(Tokens.viewer()).get(path(cluster) + "/diff?from=notadate").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("from"));
        given().auth().oauth2(Tokens.viewer()).get(path(cluster) + "/diff-live?version=abc").then().statusCode(400)
                .body("violations[0].field", equalTo("version"));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/history/" + cluster + "/changes?source=external&limit=5")
                .then().statusCode(200).body("items", hasSize(2));
    }

    @Test
    void aLiveObjectNestedTooDeeplyIsA422() {
        String cluster = "y-" + UUID.randomUUID().toString().substring(0, 8);
        send(cluster, change(cluster, "BASELINE", deployment(2, "cart:1", "90"), "sha256:y1", null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(path(cluster)).then().body("items", hasSize(1)));
        WorkloadService.server.stubFor(get(urlPathEqualTo("/api/v1/clusters/" + cluster + "/resources/deployments.apps/cart"))
                .willReturn(okJson(dev.kubeatlas.history.service.diff.StoredManifestTest.nested(900).toString())));
        given().auth().oauth2(Tokens.viewer()).get(path(cluster) + "/diff-live")
                .then().statusCode(422).contentType("application/problem+json");
    }

    @Test
    void unknownHistoryIs404AndBadVersionsAre400() {
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/history/nowhere/deployments.apps/shop/cart")
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/history/nowhere/deployments.apps/shop/cart").then().statusCode(401);
    }
}
