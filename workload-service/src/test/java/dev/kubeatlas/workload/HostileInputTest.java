package dev.kubeatlas.workload;

import dev.kubeatlas.sandbox.SandboxCluster;
import dev.kubeatlas.testing.ClusterServiceWireMock;
import dev.kubeatlas.testing.HostileNames;
import dev.kubeatlas.testing.HostileRequests;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile names, namespaces, types and selectors in every operation of workload-service's OpenAPI document: each
 * is a 4xx problem, none is a 5xx, and the cluster's API server (and cluster-service) see no request at all.
 */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
@QuarkusTestResource(ClusterServiceWireMock.class)
class HostileInputTest {

    static final Set<String> NAMES = Set.of("cluster", "resource", "name", "namespace", "node", "clusters");
    static final Set<String> LABEL_SELECTORS = Set.of("labelSelector", "selector");
    static final Set<String> FIELD_SELECTORS = Set.of("fieldSelector");
    static final Map<String, String> VALID = Map.of("cluster", "target", "resource", "configmaps", "name", "web",
            "namespace", "shop", "node", "node-1", "action", "scale", "clusters", "target");

    static SandboxCluster target;

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void aClusterNobodyMayReach() {
        target = SandboxCluster.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    @Test
    void hostileParametersAreRefusedBeforeAnythingReachesACluster() throws Exception {
        ClusterServiceWireMock.serve("target", target.kubeconfig("target", "token-hostile"), 1);
        String openApi = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        // the review's names, and names generated anew each run (the seed is printed; -Dkubeatlas.seed=N repeats it)
        long seed = Long.getLong("kubeatlas.seed", new java.util.Random().nextLong());
        System.out.printf("HostileInputTest: generated names from seed %d%n", seed);
        List<String> names = new ArrayList<>(HostileRequests.names());
        names.addAll(HostileNames.sample(seed, 60));
        List<HostileRequests.Request> requests = new ArrayList<>(HostileRequests.of(openApi, NAMES, VALID, names));
        // a comma separates the names of ?clusters=: a value with one is a list of names, each checked on its own
        // (and white space around a name is not part of it)
        requests.removeIf(r -> r.parameter().equals("clusters") && (r.value().contains(",") || !r.value().strip().equals(r.value())));
        requests.addAll(HostileRequests.of(openApi, LABEL_SELECTORS, VALID, HostileRequests.selectors()));
        requests.addAll(HostileRequests.of(openApi, FIELD_SELECTORS, VALID, HostileRequests.fieldSelectors()));
        assertThat(requests).hasSizeGreaterThan(2000);
        int before = target.server().getRequestCount();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = Tokens.admin();
        List<String> wrong = new ArrayList<>();
        int refused = 0;
        for (HostileRequests.Request r : requests) {
            URI uri = URI.create(base.toString().replaceAll("/$", "") + r.path() + (r.query().isEmpty() ? "" : "?" + r.query()));
            HttpRequest.BodyPublisher body = r.method().equals("GET") || r.method().equals("DELETE")
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).method(r.method(), body)
                    .header("Authorization", "Bearer " + token).header("Content-Type", contentType(r.method()))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            int status = answer.statusCode();
            boolean expected = status == 400;
            boolean problem = answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
            if (!expected || !problem) {
                wrong.add(r + " -> " + status + " " + answer.body());
            } else {
                refused++;
            }
        }
        assertThat(wrong).as("answers that were not a 4xx problem").isEmpty();
        assertThat(refused).isEqualTo(requests.size());
        assertThat(target.server().getRequestCount() - before).as("requests that reached the API server").isZero();
        assertThat(ClusterServiceWireMock.fetches("target")).as("credential look-ups").isZero();
    }

    private static String contentType(String method) {
        return method.equals("PATCH") ? "application/merge-patch+json" : "application/json";
    }
}
