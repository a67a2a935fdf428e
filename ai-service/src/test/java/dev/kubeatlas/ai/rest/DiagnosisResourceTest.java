package dev.kubeatlas.ai.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.kubeatlas.ai.service.diagnosis.ClusterSnapshot;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Diagnoses over HTTP, with WireMock in the place of workload-service answering each list call from a scenario
 * fixture (one cluster per scenario, named after it): the root cause comes back, is stored and read again by id; a
 * namespace scope narrows; pages are followed; workload-service's answers (an unknown cluster, no answer at all) become problems; the
 * caller's token is what workload-service sees.
 */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(DiagnosisResourceTest.WorkloadService.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiagnosisResourceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** WireMock in the place of workload-service. */
    public static class WorkloadService implements QuarkusTestResourceLifecycleManager {
        static WireMockServer server;

        @Override
        public Map<String, String> start() {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            return Map.of("kubeatlas.workload-service.url", "http://127.0.0.1:" + server.port());
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop();
            }
        }
    }

    /** Serves the scenario as cluster {@code scenario}: each plural's items; the types it lacks are not served. */
    static String serve(String scenario) {
        JsonNode root = fixture(scenario);
        String base = "/api/v1/clusters/" + scenario + "/resources/";
        for (String plural : ClusterSnapshot.resources()) {
            if (root.has(plural)) {
                WorkloadService.server.stubFor(get(urlPathEqualTo(base + plural))
                        .willReturn(okJson(JSON.createObjectNode().set("items", root.get(plural)).toString())));
            } else {
                WorkloadService.server.stubFor(get(urlPathEqualTo(base + plural)).willReturn(problem(404,
                        "resource-type-not-found", "The cluster does not serve " + plural)));
            }
        }
        return scenario;
    }

    static JsonNode fixture(String scenario) {
        try (InputStream in = DiagnosisResourceTest.class.getResourceAsStream("/scenarios/" + scenario + "/snapshot.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(int status, String slug, String detail) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://kubeatlas.dev/problems/" + slug + "\",\"title\":\"t\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
    }

    static ValidatableResponse diagnose(String cluster, Object body) {
        return given().auth().oauth2(Tokens.viewer()).contentType("application/json").body(body)
                .post("/api/v1/clusters/" + cluster + "/diagnoses").then();
    }

    @ParameterizedTest(name = "{0} → {1} on {2} {3}/{4}")
    @CsvSource({
            "missing-configmap, configmap-missing, ConfigMap, shop, app-config",
            "service-selector-mismatch, service-selector-matches-no-pods, Service, shop, storefront",
            "ingress-backend-service-missing, ingress-backend-service-missing, Service, shop, shop-frontend"})
    @Order(1)
    void namesTheRootCauseAndKeepsTheDiagnosis(String scenario, String code, String kind, String namespace, String name) {
        String cluster = serve(scenario);
        String path = "findings.find { it.rootCause.code == '" + code + "' }";
        String id = diagnose(cluster, Map.of()).statusCode(200)
                .body("cluster", equalTo(cluster))
                .body("scope.namespace", nullValue())
                .body("startedAt", notNullValue())
                .body("durationMs", notNullValue())
                .body("unread", hasSize(0))
                .body(path + ".object.kind", equalTo(kind))
                .body(path + ".object.namespace", equalTo(namespace))
                .body(path + ".object.name", equalTo(name))
                .extract().path("id");

        given().auth().oauth2(Tokens.viewer()).get("/api/v1/diagnoses/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("cluster", equalTo(cluster))
                .body(path + ".object.name", equalTo(name));
    }

    @Test
    @Order(2)
    void aNamespaceNarrowsAndAnObjectScopes() {
        String cluster = serve("missing-configmap");
        diagnose(cluster, Map.of("namespace", "shop")).statusCode(200)
                .body("scope.namespace", equalTo("shop"))
                .body("findings.rootCause.code", hasItem("configmap-missing"));
        diagnose(cluster, Map.of("namespace", "kube-system")).statusCode(200)
                .body("scope.namespace", equalTo("kube-system"))
                .body("findings", empty());
        diagnose(cluster, Map.of("namespace", "shop", "resource", "configmaps", "name", "app-config")).statusCode(200)
                .body("scope.resource", equalTo("configmaps"))
                .body("scope.name", equalTo("app-config"))
                .body("findings.rootCause.code", hasItem("configmap-missing"));
    }

    @Test
    @Order(3)
    void theCallersTokenIsWhatWorkloadServiceSees() {
        String cluster = serve("missing-configmap");
        String token = Tokens.forUser("dora", "viewer");
        given().auth().oauth2(token).contentType("application/json").body(Map.of())
                .post("/api/v1/clusters/" + cluster + "/diagnoses").then().statusCode(200);
        WorkloadService.server.verify(getRequestedFor(urlPathEqualTo("/api/v1/clusters/" + cluster + "/resources/pods"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + token))
                .withoutQueryParam("reveal"));
    }

    @Test
    @Order(3)
    void pagesAreFollowedToTheEnd() {
        String cluster = "paged";
        JsonNode root = fixture("missing-configmap");
        String base = "/api/v1/clusters/" + cluster + "/resources/";
        for (String plural : ClusterSnapshot.resources()) {
            JsonNode items = root.has(plural) ? root.get(plural) : JSON.createArrayNode();
            com.fasterxml.jackson.databind.node.ArrayNode first = JSON.createArrayNode();
            com.fasterxml.jackson.databind.node.ArrayNode rest = JSON.createArrayNode();
            for (int i = 0; i < items.size(); i++) {
                (i == 0 ? first : rest).add(items.get(i));
            }
            WorkloadService.server.stubFor(get(urlPathEqualTo(base + plural)).withQueryParam("continue", absent())
                    .willReturn(okJson(JSON.createObjectNode().put("continue", "page-2").set("items", first).toString())));
            WorkloadService.server.stubFor(get(urlPathEqualTo(base + plural))
                    .withQueryParam("continue", com.github.tomakehurst.wiremock.client.WireMock.equalTo("page-2"))
                    .willReturn(okJson(JSON.createObjectNode().set("items", rest).toString())));
        }
        diagnose(cluster, Map.of()).statusCode(200)
                .body("findings.find { it.rootCause.code == 'configmap-missing' }.object.name", equalTo("app-config"));
        WorkloadService.server.verify(getRequestedFor(urlPathEqualTo(base + "pods"))
                .withQueryParam("continue", com.github.tomakehurst.wiremock.client.WireMock.equalTo("page-2")));
    }

    @Test
    @Order(4)
    void aTypeRefusedIsLeftOutAndNamedWhileTheRestIsDiagnosed() {
        String cluster = serve("missing-configmap");
        String base = "/api/v1/clusters/" + cluster + "/resources/";
        for (String plural : List.of("secrets", "validatingwebhookconfigurations")) {
            WorkloadService.server.stubFor(get(urlPathEqualTo(base + plural)).willReturn(problem(403,
                    "kubernetes-forbidden", "secrets is forbidden: User cannot list resource")));
        }
        String id = diagnose(cluster, Map.of()).statusCode(200)
                .body("unread.resource", contains("secrets", "validatingwebhookconfigurations"))
                .body("unread[0].problem.status", equalTo(403))
                .body("unread[0].problem.type", equalTo("https://kubeatlas.dev/problems/kubernetes-forbidden"))
                .body("findings.find { it.rootCause.code == 'configmap-missing' }.object.name", equalTo("app-config"))
                .extract().path("id");
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/diagnoses/" + id).then().statusCode(200)
                .body("unread.resource", contains("secrets", "validatingwebhookconfigurations"));
        serve("missing-configmap");

        // without the Secrets, a Secret key cannot be judged missing: no finding says it is
        String secrets = serve("missing-secret-key");
        diagnose(secrets, Map.of()).statusCode(200).body("findings.rootCause.code", hasItem("secret-key-missing"));
        WorkloadService.server.stubFor(get(urlPathEqualTo("/api/v1/clusters/" + secrets + "/resources/secrets"))
                .willReturn(problem(403, "kubernetes-forbidden", "secrets is forbidden")));
        diagnose(secrets, Map.of()).statusCode(200).body("unread.resource", contains("secrets"))
                .body("findings.rootCause.code", not(hasItem("secret-key-missing")))
                .body("findings.object.kind", not(hasItem("Secret")));
        serve("missing-secret-key");
    }

    @Test
    @Order(4)
    void anUnknownClusterIsNotFound() {
        WorkloadService.server.stubFor(get(urlPathMatching("/api/v1/clusters/ghost/resources/.*"))
                .willReturn(problem(404, "cluster-not-found", "No cluster named 'ghost'")));
        diagnose("ghost", Map.of()).statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kubeatlas.dev/problems/cluster-not-found"));
    }

    @Test
    @Order(5)
    void anUnknownOrMalformedIdIsNotFound() {
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/diagnoses/00000000-0000-0000-0000-000000000000").then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/diagnoses/not-an-id").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    @Order(6)
    void anExplanationIsUnavailableWithoutAModel() {
        diagnose("missing-configmap", Map.of("explain", true)).statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kubeatlas.dev/problems/explain-unavailable"));
    }

    @Test
    @Order(7)
    void anInvalidScopeIsRefused() {
        diagnose("missing-configmap", Map.of("namespace", "Not_A_Namespace")).statusCode(400)
                .contentType("application/problem+json");
        diagnose("missing-configmap", Map.of("resource", "configmaps")).statusCode(400)
                .contentType("application/problem+json");
        diagnose("missing-configmap", Map.of("resource", "widgets", "name", "w", "namespace", "shop")).statusCode(400)
                .contentType("application/problem+json");
        diagnose("Bad_Cluster", Map.of()).statusCode(400).contentType("application/problem+json");
    }

    @Test
    @Order(8)
    void withoutATokenTheCallIsUnauthorized() {
        given().contentType("application/json").body(Map.of()).post("/api/v1/clusters/missing-configmap/diagnoses")
                .then().statusCode(401);
        given().get("/api/v1/diagnoses/00000000-0000-0000-0000-000000000000").then().statusCode(401);
    }

    @Test
    @Order(9)
    void withoutARoleTheCallIsForbidden() {
        given().auth().oauth2(Tokens.forUser("nobody")).contentType("application/json").body(Map.of())
                .post("/api/v1/clusters/missing-configmap/diagnoses").then().statusCode(403);
    }

    /** Last: its failures count against the circuit breaker. */
    @Test
    @Order(100)
    void workloadServiceUnreachableIsUnavailable() {
        WorkloadService.server.stubFor(get(urlPathMatching("/api/v1/clusters/down/resources/.*"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        diagnose("down", Map.of()).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", startsWith("https://kubeatlas.dev/problems/workload-service-unavailable"));
    }
}
