package dev.kubeatlas.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.gateway.UpstreamWireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.kubeatlas.gateway.UpstreamWireMock.upstream;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(UpstreamWireMock.class)
class PlatformOpenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void resetUpstream() {
        upstream.resetAll();
    }

    @Test
    void theDocumentHasTheRoutedPathsOfEveryServiceAndNamesTheOneThatIsDown() throws Exception {
        // one WireMock answers for four services: each keeps only the paths the gateway routes to it
        ObjectNode document = OpenApiMergerTest.document("/api/v1/clusters", "listClusters",
                "/api/v1/clusters/{cluster}/nodes/{node}/taints", "listTaints", "/api/v1/backups", "listBackups",
                "/api/v1/metrics/summary", "metricsSummary", "/api/v1/nowhere", "unrouted");
        serve(document.toString());

        String body = given().when().get("/q/openapi")
                .then().statusCode(200).contentType("application/json").extract().asString();

        JsonNode merged = JSON.readTree(body);
        assertThat(names(merged.path("paths"))).containsExactly("/api/v1/backups", "/api/v1/clusters",
                "/api/v1/clusters/{cluster}/nodes/{node}/taints", "/api/v1/metrics/summary");
        assertThat(merged.path(OpenApiMerger.MISSING).toString()).isEqualTo("[\"ai-service\"]");
        assertThat(merged.at("/servers/0/url").asText()).isEqualTo("/");
        assertThat(merged.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(merged.at("/paths/~1api~1v1~1clusters/get/responses/401/content/application~1problem+json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/Problem");
    }

    @Test
    void theRealServiceDocumentsMergeIntoTheCommittedOne() throws Exception {
        serve(ServiceDocuments.read(ServiceDocuments.FIXTURES.resolve("cluster-service.json")).toString());

        JsonNode merged = JSON.readTree(given().when().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString());

        assertThat(names(merged.path("paths")))
                .isEqualTo(names(ServiceDocuments.load().get("cluster-service").path("paths")).stream().sorted().toList());
        assertThat(names(merged.path("paths")))
                .allMatch(path -> ServiceDocuments.read(ServiceDocuments.PLATFORM).path("paths").has(path));
    }

    @Test
    void yamlWhenAskedFor() throws Exception {
        serve(OpenApiMergerTest.document("/api/v1/clusters", "listClusters").toString());

        String byQuery = given().when().get("/q/openapi?format=yaml")
                .then().statusCode(200).contentType(startsWith("application/yaml")).extract().asString();
        String byAccept = given().accept("application/yaml").when().get("/q/openapi")
                .then().statusCode(200).contentType(startsWith("application/yaml")).extract().asString();

        JsonNode parsed = new YAMLMapper().readTree(byQuery);
        assertThat(parsed.at("/paths/~1api~1v1~1clusters/get/operationId").asText()).isEqualTo("listClusters");
        assertThat(byQuery).startsWith("openapi:");
        assertThat(new YAMLMapper().readTree(byAccept)).isEqualTo(parsed);
    }

    @Test
    void servicesThatAnswerNoDocumentAreLeftOutNotFatal() throws Exception {
        upstream.stubFor(get(urlPathEqualTo("/q/openapi")).willReturn(aResponse().withStatus(500).withBody("boom")));

        JsonNode merged = JSON.readTree(given().when().get("/q/openapi").then().statusCode(200).extract().asString());

        assertThat(merged.path(OpenApiMerger.MISSING).toString()).isEqualTo(
                "[\"ai-service\",\"cluster-service\",\"metrics-service\",\"workload-service\",\"yaml-history-service\"]");
        assertThat(merged.path("paths").size()).isZero();
        assertThat(merged.at("/components/schemas/Problem/type").asText()).isEqualTo("object");

        serve("this is no OpenAPI document");
        merged = JSON.readTree(given().when().get("/q/openapi").then().statusCode(200).extract().asString());
        assertThat(merged.path(OpenApiMerger.MISSING).size()).isEqualTo(5);
    }

    @Test
    void theRenderedPageAndItsAssetsNeedNoToken() {
        given().when().get("/q/docs")
                .then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("/q/docs/swagger-ui-bundle.js"));
        given().when().get("/q/docs/docs.js")
                .then().statusCode(200).body(containsString("url: \"/q/openapi\""));
        byte[] bundle = given().when().get("/q/docs/swagger-ui-bundle.js")
                .then().statusCode(200).contentType(startsWith("text/javascript")).extract().asByteArray();
        assertThat(bundle.length).isGreaterThan(100_000);
        given().when().get("/q/docs/swagger-ui.css").then().statusCode(200).contentType(startsWith("text/css"));
    }

    @Test
    void nothingElseOfTheWebjarIsServed() {
        given().when().get("/q/docs/index.html").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/q/docs/..%2F..%2Fapplication.properties").then().statusCode(404);
    }

    private static void serve(String body) {
        upstream.stubFor(get(urlPathEqualTo("/q/openapi")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
