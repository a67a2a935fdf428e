package dev.kubeatlas.workload.kube.stream;

import dev.kubeatlas.events.resource.v1.ResourceChanged;
import dev.kubeatlas.testing.ClusterServiceWireMock;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static dev.kubeatlas.workload.kube.stream.StreamStallTest.changes;
import static dev.kubeatlas.workload.kube.stream.StreamStallTest.configMap;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The watch connections of a cluster break (cut at a proxy in front of the sandbox's API server) while its objects
 * change; every change still becomes exactly one event, and the streams API shows the stream watching again.
 */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
@QuarkusTestResource(ClusterServiceWireMock.class)
class StreamFaultTest {

    static final String CLUSTER = "cut-" + UUID.randomUUID().toString().substring(0, 6);

    @Inject
    ClusterWatches watches;

    @Test
    void changesMadeWhileTheWatchesAreBrokenArePublishedOnceEach() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(sandbox().port())) {
            StreamStallTest.register(watches, CLUSTER, sandbox().kubeconfig(CLUSTER, "token-" + UUID.randomUUID())
                    .replace(sandbox().url(), proxy.url()));
            String suffix = UUID.randomUUID().toString().substring(0, 6);
            String changed = "changed-" + suffix;
            String removed = "removed-" + suffix;
            String added = "added-" + suffix;
            configMap(changed, "v1");
            configMap(removed, "v1");
            assertThat(changes(CLUSTER, c -> Set.of(changed, removed).contains(c.name()), 2, 30)).hasSize(2);

            proxy.cut();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> streams()
                    .body("items.find { it.kind == 'configmaps' }.state", not(equalTo("watching"))));
            sandbox().client().configMaps().inNamespace("shop").withName(changed)
                    .edit(cm -> new ConfigMapBuilder(cm).addToData("k", "v2").build());
            sandbox().client().configMaps().inNamespace("shop").withName(removed).delete();
            configMap(added, "v1");
            Instant restored = Instant.now();
            proxy.restore();

            List<ResourceChanged> missed = changes(CLUSTER, c -> added.equals(c.name())
                    || (c.name().endsWith(suffix) && !created(c)), 3, 60);
            assertThat(missed).extracting(c -> c.changeType() + " " + c.name())
                    .containsExactlyInAnyOrder("MODIFIED " + changed, "DELETED " + removed, "ADDED " + added);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> streams()
                    .body("items.find { it.kind == 'configmaps' }.state", equalTo("watching"))
                    .body("items.find { it.kind == 'configmaps' }.pending", equalTo(0)));
            String lastCheck = streams().extract().path("items.find { it.kind == 'configmaps' }.lastCheckAt");
            assertThat(Instant.parse(lastCheck)).isAfter(restored);

            // waiting a few more checks of the watchdog for a sixth event: nothing is published twice
            assertThat(changes(CLUSTER, c -> c.name().endsWith(suffix), 6, 12))
                    .extracting(c -> (created(c) ? "ADDED" : c.changeType()) + " " + c.name())
                    .containsExactlyInAnyOrder("ADDED " + changed, "ADDED " + removed,
                            "MODIFIED " + changed, "DELETED " + removed, "ADDED " + added);
        }
    }

    @AfterEach
    void removeTheCluster() {
        // its proxy is closed now: left registered, its watches would retry for ever beside the next test's
        StreamStallTest.remove(watches, CLUSTER);
    }

    /** Objects created in the second the watch started are part of the state it found: BASELINE, not ADDED. */
    private static boolean created(ResourceChanged change) {
        return "ADDED".equals(change.changeType()) || "BASELINE".equals(change.changeType());
    }

    private static io.restassured.response.ValidatableResponse streams() {
        return given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + CLUSTER + "/streams").then().statusCode(200);
    }
}
