package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.support.crypto.KeyedCipher;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import static dev.kubeatlas.cluster.rest.ClusterResourceTest.PROBLEM;
import static dev.kubeatlas.cluster.rest.ClusterResourceTest.registration;
import static dev.kubeatlas.cluster.rest.ClusterResourceTest.secretToken;
import static dev.kubeatlas.cluster.rest.ClusterResourceTest.uniqueName;
import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A kubeconfig is validated once and the very object validated is what a client is built from: entries that share
 * a name, which a client library could resolve to another entry than the one checked, are refused.
 */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
class KubeconfigSafetyTest {

    /** The key the test profile seals kubeconfigs with (application.properties, %test). */
    static final KeyedCipher TEST_CIPHER = new KeyedCipher("k1",
            Map.of("k1", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="));

    @Inject
    AgroalDataSource dataSource;

    Path dir;
    Path marker;

    @BeforeEach
    void markerDir() throws Exception {
        dir = Files.createTempDirectory("exec-marker");
        marker = dir.resolve("ran");
    }

    @AfterEach
    void noCommandRan() throws Exception {
        // the health monitor checks stored clusters every second: give it time to run anything it would run
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(marker));
        Files.deleteIfExists(marker);
        Files.delete(dir);
    }

    /** A token user, then a user of the same name whose exec plugin would create the marker file. */
    String shadowedUser(String name) {
        return sandbox().kubeconfig(name, secretToken()) + """
                - name: %s-admin
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: /bin/sh
                      args: ["-c", "touch %s"]
                """.formatted(name, marker);
    }

    @Test
    void aDuplicateUserNeverRunsItsCommandOnRegistrationContextsOrPatch() {
        String name = uniqueName("shadow");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(name, shadowedUser(name)))
                .post("/api/v1/clusters")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://kubeatlas.dev/problems/invalid-kubeconfig"))
                .body("detail", containsString("more than once"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(name, shadowedUser(name)))
                .queryParam("force", true).post("/api/v1/clusters")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("kubeconfig", shadowedUser(name)))
                .post("/api/v1/clusters/kubeconfig/contexts")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("more than once"));

        ClusterOperationsTest.register(name, sandbox().kubeconfig(name, secretToken()));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("kubeconfig", shadowedUser(name)))
                .queryParam("force", true).patch("/api/v1/clusters/" + name)
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("more than once"));
    }

    @Test
    void aStoredKubeconfigWithADuplicateUserIsNotConnectedWith() throws Exception {
        String name = ClusterOperationsTest.register(uniqueName("stored"), sandbox().kubeconfig("s", secretToken()));
        // as a kubeconfig accepted before names had to be unique would be stored
        KeyedCipher.Sealed sealed = TEST_CIPHER.seal(name, shadowedUser("s"));
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement(
                     "update cluster set kubeconfig_key_id = ?, kubeconfig_nonce = ?, kubeconfig_cipher = ? where name = ?")) {
            update.setString(1, sealed.keyId());
            update.setBytes(2, sealed.nonce());
            update.setBytes(3, sealed.ciphertext());
            update.setString(4, name);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        given().auth().oauth2(Tokens.admin()).post("/api/v1/clusters/" + name + "/test")
                .then().statusCode(200)
                .body("status", equalTo("unreachable"))
                .body("reason", containsString("more than once"));
    }

    @Test
    void aDuplicateClusterCannotSwapTheServerAfterValidation() {
        String name = uniqueName("swap");
        String swapped = sandbox().kubeconfig(name, secretToken()).replace("contexts:", """
                - name: %s
                  cluster:
                    server: http://127.0.0.1:1
                contexts:""".formatted(name));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(name, swapped))
                .post("/api/v1/clusters")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("cluster '" + name + "' more than once"));
    }
}
