package dev.kubeatlas.cluster.service;

import dev.kubeatlas.sandbox.SandboxCluster;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** KubeAtlas inside a cluster registers that cluster as {@code local} from its service account, and follows token rotation. */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(LocalClusterTest.InCluster.class)
class LocalClusterTest {

    /** A sandbox as "the cluster we run in", and a service-account directory as the kubelet mounts it. */
    public static class InCluster implements QuarkusTestResourceLifecycleManager {
        static SandboxCluster cluster;
        static Path serviceAccount;

        @Override
        public Map<String, String> start() {
            cluster = SandboxCluster.start("127.0.0.1", 0).seedDemoShop();
            try {
                serviceAccount = Files.createTempDirectory("serviceaccount");
                Files.writeString(serviceAccount.resolve("token"), "projected-token-1");
                Files.writeString(serviceAccount.resolve("namespace"), "kubeatlas");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("kubeatlas.clusters.local.enabled", "true",
                    "kubeatlas.clusters.local.service-account-dir", serviceAccount.toString(),
                    "kubeatlas.clusters.local.server", cluster.url(),
                    "kubeatlas.clusters.local.refresh", "2s");
        }

        @Override
        public void stop() {
            cluster.close();
        }
    }

    @Test
    void theLocalClusterIsRegisteredAndItsRotatedTokenFollowed() throws IOException {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/local")
                        .then().statusCode(200)
                        .body("status", equalTo("connected"))
                        .body("tags.'kubeatlas.dev/local'", equalTo("true"))
                        .body("nodesTotal", equalTo(3)));
        given().auth().oauth2(Tokens.service()).get("/internal/v1/clusters/local/credentials")
                .then().statusCode(200).body("kubeconfig", containsString("projected-token-1"));

        Files.writeString(InCluster.serviceAccount.resolve("token"), "projected-token-2");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(Tokens.service()).get("/internal/v1/clusters/local/credentials")
                        .then().statusCode(200)
                        .body("kubeconfig", containsString("projected-token-2"))
                        .body("revision", equalTo(2)));
    }
}
