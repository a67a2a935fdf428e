package dev.kubeatlas.gateway;

import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(UpstreamWireMock.class)
class GatewayTest {

    static final String PROBLEM = "application/problem+json";

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
}
