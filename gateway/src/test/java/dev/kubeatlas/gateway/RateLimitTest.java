package dev.kubeatlas.gateway;

import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.kubeatlas.gateway.UpstreamWireMock.upstream;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The ceiling, with a tight limit: 5 requests at once, then 1 a second, per caller. */
@QuarkusTest
@TestProfile(RateLimitTest.Tight.class)
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(UpstreamWireMock.class)
class RateLimitTest {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kubeatlas.gateway.rate-limit.requests-per-second", "1",
                    "kubeatlas.gateway.rate-limit.burst", "5");
        }
    }

    static final int FIRED = 15;

    @BeforeEach
    void upstreamAnswers() {
        upstream.resetAll();
        upstream.stubFor(get(urlPathEqualTo("/api/v1/clusters")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\":[]}")));
    }

    @Test
    void aFloodingUserGets429WithRetryAfterWhileAnotherIsServed() {
        String flooder = Tokens.forUser("flooder", "viewer");
        long started = System.nanoTime();
        List<Response> answers = fire(() -> given().auth().oauth2(flooder).get("/api/v1/clusters"));
        long elapsedSeconds = (System.nanoTime() - started) / 1_000_000_000L;

        // the burst, then one per second that went by
        assertThat(answers.subList(0, 5)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(answers.stream().filter(r -> r.statusCode() == 200).count()).isLessThanOrEqualTo(5 + elapsedSeconds + 1);
        List<Response> limited = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).isNotEmpty().allSatisfy(r -> {
            assertThat(r.contentType()).isEqualTo("application/problem+json");
            assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 2L);
            assertThat(r.jsonPath().getInt("status")).isEqualTo(429);
        });
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 429));

        given().auth().oauth2(Tokens.forUser("bystander", "viewer")).get("/api/v1/clusters")
                .then().statusCode(200);
    }

    @Test
    void callersWithoutAValidTokenAreLimitedByAddress() {
        List<Response> answers = fire(() -> given().auth().oauth2("not-a-jwt").get("/api/v1/clusters"));

        assertThat(answers.subList(0, 5)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(401));
        assertThat(answers).anySatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.header("Retry-After")).isNotBlank();
        });
    }

    @Test
    void healthChecksAreNotLimited() {
        assertThat(fire(() -> given().get("/q/health/ready")))
                .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    }

    private static List<Response> fire(java.util.function.Supplier<Response> request) {
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < FIRED; i++) {
            answers.add(request.get());
        }
        return answers;
    }
}
