package dev.kubeatlas.gateway;

import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.kubeatlas.gateway.UpstreamWireMock.upstream;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(UpstreamWireMock.class)
class GatewayTest {

    static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/api/v1/clusters")
    URI clusters;

    @BeforeEach
    void resetUpstream() {
        upstream.resetAll();
        upstream.stubFor(get(urlPathEqualTo("/api/v1/clusters")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("X-Upstream", "cluster-service")
                .withBody("{\"items\":[{\"name\":\"sandbox\"}]}")));
    }

    @Test
    void withoutATokenItIs401Problem() {
        given().when().get("/api/v1/clusters")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", containsString("Bearer"))
                .body("status", org.hamcrest.Matchers.equalTo(401));
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/clusters")));
    }

    @Test
    void aForgedTokenIs401Problem() {
        given().auth().oauth2(Tokens.forged()).when().get("/api/v1/clusters")
                .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2("not-a-jwt").when().get("/api/v1/clusters")
                .then().statusCode(401).contentType(PROBLEM);
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/clusters")));
    }

    @Test
    void aTokenWithoutPlatformRolesIs403Problem() {
        given().auth().oauth2(Tokens.forUser("guest", "offline_access")).when().get("/api/v1/clusters")
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void forwardsWithTheTokenAndKeepsStatusHeadersAndBody() {
        String token = Tokens.viewer();
        given().auth().oauth2(token).when().get("/api/v1/clusters?tag=env")
                .then().statusCode(200).header("X-Upstream", "cluster-service")
                .body("items[0].name", org.hamcrest.Matchers.equalTo("sandbox"));
        upstream.verify(getRequestedFor(urlEqualTo("/api/v1/clusters?tag=env"))
                .withHeader("Authorization", equalTo("Bearer " + token)));
    }

    @Test
    void streamsRequestBodiesAndPassesErrorStatusesThrough() {
        upstream.stubFor(post(urlPathEqualTo("/api/v1/clusters/prod/resources/deployments")).willReturn(aResponse()
                .withStatus(409).withHeader("Content-Type", PROBLEM).withBody("{\"status\":409,\"title\":\"Conflict\"}")));
        String manifest = "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"cart\"}}";

        given().auth().oauth2(Tokens.operator()).contentType("application/json").body(manifest)
                .when().post("/api/v1/clusters/prod/resources/deployments")
                .then().statusCode(409).contentType(PROBLEM);
        upstream.verify(postRequestedFor(urlPathEqualTo("/api/v1/clusters/prod/resources/deployments"))
                .withRequestBody(equalTo(manifest)));
    }

    @Test
    void bodiesOverTheLimitAre413BeforeReachingAService() {
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("x".repeat(4096))
                .when().post("/api/v1/clusters")
                .then().statusCode(413).contentType(PROBLEM);
        upstream.verify(0, postRequestedFor(urlPathEqualTo("/api/v1/clusters")));
    }

    @Test
    void unknownApisAre404Problem() {
        given().auth().oauth2(Tokens.viewer()).when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void anUnreachableServiceIs503ProblemWithRetryAfter() {
        given().auth().oauth2(Tokens.viewer()).when().get("/api/v1/ai/diagnoses")
                .then().statusCode(503).contentType(PROBLEM).header("Retry-After", "5");
    }

    @Test
    void healthIsOpen() {
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void anIdTokenIsNoBearerToken() {
        given().auth().oauth2(Tokens.idToken("viewer", "viewer")).when().get("/api/v1/clusters")
                .then().statusCode(401).contentType(PROBLEM);
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/clusters")));
    }

    @Test
    void anAccessTokenForAnotherAudienceIs401() {
        given().auth().oauth2(Tokens.forAudience("account", "viewer", "viewer")).when().get("/api/v1/clusters")
                .then().statusCode(401).contentType(PROBLEM);
        upstream.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/clusters")));
    }

    @Test
    void metricsNeedAdminOrServiceAndNameNoClusterOrObject() {
        upstream.stubFor(get(urlPathEqualTo("/api/v1/clusters/some-secret-name")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"name\":\"x\"}")));
        given().auth().oauth2(Tokens.viewer()).when().get("/api/v1/clusters/some-secret-name")
                .then().statusCode(200);
        given().when().get("/api/v1/clusters/some-secret-name/resources/secrets/db-password").then().statusCode(401);
        given().auth().oauth2(Tokens.forUser("guest")).when().get("/api/v1/clusters/some-secret-name")
                .then().statusCode(403);

        given().when().get("/q/metrics").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(Tokens.operator()).when().get("/q/metrics").then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Tokens.service()).when().get("/q/metrics").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("uri=\"/api/v1/clusters/{cluster}\""))
                .body(not(containsString("some-secret-name")))
                .body(not(containsString("db-password")));
    }

    @Test
    void aLocationNamingAServiceBecomesAPathOnTheGateway() {
        String internal = "http://127.0.0.1:" + upstream.port();
        upstream.stubFor(post(urlPathEqualTo("/api/v1/clusters/prod/resources/deployments")).willReturn(aResponse()
                .withStatus(201).withHeader("Location", internal + "/api/v1/clusters/prod/resources/deployments/cart?namespace=shop")));
        upstream.stubFor(post(urlPathEqualTo("/api/v1/backups")).willReturn(aResponse()
                .withStatus(303).withHeader("Location", "https://docs.example.org/backups?page=2")));

        given().auth().oauth2(Tokens.operator()).contentType("application/json").body("{}")
                .when().post("/api/v1/clusters/prod/resources/deployments")
                .then().statusCode(201)
                .header("Location", "/api/v1/clusters/prod/resources/deployments/cart?namespace=shop");
        given().auth().oauth2(Tokens.operator()).redirects().follow(false).contentType("application/json").body("{}")
                .when().post("/api/v1/backups")
                .then().statusCode(303).header("Location", "https://docs.example.org/backups?page=2");
    }

    @Test
    void pathsOutsideTheApiAre404Problem() {
        for (String path : new String[] {"/", "/index.html", "/api/v2/clusters", "/api/v1", "/admin/login"}) {
            given().when().get(path).then().statusCode(404).contentType(PROBLEM)
                    .body("status", org.hamcrest.Matchers.equalTo(404));
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIs413ProblemAndTheServiceGetsNoBody() throws IOException, InterruptedException {
        HttpResponse<String> response = postChunked("x".repeat(64 * 1024));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM);
        assertThat(response.body()).contains("\"status\":413").contains("1024 bytes");
        upstream.verify(0, postRequestedFor(urlPathEqualTo("/api/v1/clusters")));
    }

    @Test
    void aChunkedBodyWithinTheLimitIsForwarded() throws IOException, InterruptedException {
        upstream.stubFor(post(urlPathEqualTo("/api/v1/clusters")).willReturn(aResponse().withStatus(201)));
        String manifest = "{\"name\":\"edge\"}";

        assertThat(postChunked(manifest).statusCode()).isEqualTo(201);
        upstream.verify(postRequestedFor(urlPathEqualTo("/api/v1/clusters")).withRequestBody(equalTo(manifest)));
    }

    /** A POST whose length is not announced: the client sends it chunked. */
    private HttpResponse<String> postChunked(String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(clusters)
                .header("Authorization", "Bearer " + Tokens.admin()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes())))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }
}
