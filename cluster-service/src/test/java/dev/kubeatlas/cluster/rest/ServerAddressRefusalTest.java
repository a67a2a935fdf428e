package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kubeatlas.cluster.rest.ClusterResourceTest.PROBLEM;
import static dev.kubeatlas.cluster.rest.ClusterResourceTest.registration;
import static dev.kubeatlas.cluster.rest.ClusterResourceTest.secretToken;
import static dev.kubeatlas.cluster.rest.ClusterResourceTest.uniqueName;
import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * As in production, loopback is refused: a kubeconfig cannot make this service send its token to itself, to
 * Keycloak or anything else on the host, or to a metadata endpoint, and the answers do not tell the targets apart.
 */
@QuarkusTest
@TestProfile(ServerAddressRefusalTest.LoopbackRefused.class)
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
class ServerAddressRefusalTest {

    public static class LoopbackRefused implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kubeatlas.clusters.allow-loopback", "false");
        }
    }

    /** An API server on loopback that would answer: it must never be asked anything. */
    KubernetesMockServer listening;

    @BeforeEach
    void start() {
        listening = new KubernetesMockServer(false);
        listening.init();
        listening.expect().get().withPath("/version")
                .andReturn(200, Map.of("major", "1", "minor", "30", "gitVersion", "v1.30.2")).always();
    }

    @AfterEach
    void stop() {
        listening.destroy();
    }

    String listeningUrl() {
        return listening.url("/").replaceAll("/$", "");
    }

    @Test
    void refusedTargetsAndAnUnreachableOneGetTheSameAnswer() {
        List<String> servers = List.of("http://127.0.0.1:" + RestAssured.port, "http://127.0.0.1:8081",
                sandbox().url(), listeningUrl(), "http://169.254.169.254", "http://0.0.0.0:8081",
                "http://2130706433:8081", "http://localhost:" + RestAssured.port, "http://[::1]:8081",
                "http://0x7f.1:8081", "http://[::ffff:127.0.0.1]:8081",
                // nothing listens there: a real connection attempt that fails
                "http://192.0.2.1:6443");
        Set<String> answers = new HashSet<>();
        for (String server : servers) {
            String name = uniqueName("ssrf");
            String kubeconfig = sandbox().kubeconfig(name, secretToken()).replace(sandbox().url(), server);
            String type = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(registration(name, kubeconfig)).post("/api/v1/clusters")
                    .then().statusCode(422).contentType(PROBLEM).extract().path("type");
            String detail = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(registration(name, kubeconfig)).post("/api/v1/clusters")
                    .then().statusCode(422).extract().path("detail");
            answers.add(type + " " + detail);
        }
        assertThat(answers).hasSize(1);
        assertThat(answers.iterator().next()).startsWith("https://kubeatlas.dev/problems/cluster-unreachable ");
        assertThat(listening.getRequestCount()).isZero();
    }

    @Test
    void aProxyOnLoopbackIsRefusedToo() {
        String name = uniqueName("proxy");
        String kubeconfig = sandbox().kubeconfig(name, secretToken()).replace("    server: " + sandbox().url(),
                "    server: http://192.0.2.1:6443\n    proxy-url: " + listeningUrl());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(name, kubeconfig))
                .post("/api/v1/clusters").then().statusCode(422).contentType(PROBLEM);
        assertThat(listening.getRequestCount()).isZero();
    }

    @Test
    void aChangeOrATestIsCheckedAgainBeforeConnecting() {
        // stored while the target was refused (forced): every later connection is refused as well
        String name = uniqueName("stored");
        String kubeconfig = sandbox().kubeconfig(name, secretToken()).replace(sandbox().url(), listeningUrl());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(name, kubeconfig))
                .queryParam("force", true).post("/api/v1/clusters")
                .then().statusCode(201).body("status", equalTo("unreachable"));
        given().auth().oauth2(Tokens.admin()).post("/api/v1/clusters/" + name + "/test")
                .then().statusCode(200).body("status", equalTo("unreachable"))
                .body("reason", equalTo("Cannot reach the API server"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("kubeconfig", sandbox().kubeconfig(name, secretToken()).replace(sandbox().url(), "http://[::1]:8081")))
                .patch("/api/v1/clusters/" + name)
                .then().statusCode(422).contentType(PROBLEM)
                .body("type", equalTo("https://kubeatlas.dev/problems/cluster-unreachable"));
        assertThat(listening.getRequestCount()).isZero();
    }
}
