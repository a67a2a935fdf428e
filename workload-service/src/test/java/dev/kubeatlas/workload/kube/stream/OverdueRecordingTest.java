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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static dev.kubeatlas.workload.kube.stream.StreamStallTest.changes;
import static dev.kubeatlas.workload.kube.stream.StreamStallTest.configMap;
import static dev.kubeatlas.workload.kube.stream.StreamStallTest.created;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * The pipeline stops waiting for every recording almost at once (a work timeout of a millisecond, as on a badly
 * overloaded machine), while the database still needs its usual time. A recording the pipeline gave up on must not be
 * cut off mid-transaction: it finishes on its own and publishes its change, once. Before, the timeout cancelled the
 * reactive transaction under its running statement (Hibernate Reactive then failed in its result handling, and the
 * change was lost until a relist, which the same timeout cut off again), so on a slow enough machine a stream
 * published nothing while every counter looked busy.
 */
@QuarkusTest
@TestProfile(OverdueRecordingTest.ImpatientPipeline.class)
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
@QuarkusTestResource(ClusterServiceWireMock.class)
class OverdueRecordingTest {

    static final String CLUSTER = "overdue-" + UUID.randomUUID().toString().substring(0, 6);

    public static class ImpatientPipeline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kubeatlas.workload.stream.work-timeout", "1ms",
                    "kubeatlas.workload.stream.statement-timeout", "10s",
                    // the watchdog must not be what publishes the changes here
                    "kubeatlas.workload.stream.watchdog.interval", "1h");
        }
    }

    @Inject
    ClusterWatches watches;

    @Test
    void recordingsThePipelineStoppedWaitingForStillPublishTheirChangesOnce() {
        StreamStallTest.register(watches, CLUSTER, sandbox().kubeconfig(CLUSTER, "token-" + UUID.randomUUID()));
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        List<String> names = IntStream.range(0, 5).mapToObj(i -> "late-" + i + "-" + suffix).toList();
        names.forEach(name -> configMap(name, "v1"));
        assertThat(changes(CLUSTER, c -> created(c) && names.contains(c.name()), 5, 30))
                .extracting(ResourceChanged::name).containsExactlyInAnyOrderElementsOf(names);

        names.forEach(name -> sandbox().client().configMaps().inNamespace("shop").withName(name)
                .edit(cm -> new ConfigMapBuilder(cm).addToData("k", "v2").build()));
        List<ResourceChanged> modified = changes(CLUSTER, c -> "MODIFIED".equals(c.changeType()) && names.contains(c.name()), 5, 30);
        assertThat(modified).extracting(ResourceChanged::name).containsExactlyInAnyOrderElementsOf(names);
        assertThat(modified).allSatisfy(c -> assertThat(c.manifest().path("data").path("k").asText()).isEqualTo("v2"));

        // a little longer: nothing is published twice
        assertThat(changes(CLUSTER, c -> names.contains(c.name()), 11, 5)).hasSize(10);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.viewer())
                .get("/api/v1/clusters/" + CLUSTER + "/streams").then().statusCode(200)
                .body("items.find { it.kind == 'configmaps' }.overdue", equalTo(0))
                .body("items.find { it.kind == 'configmaps' }.pending", equalTo(0))
                .body("items.find { it.kind == 'configmaps' }.errors", equalTo(0))
                .body("items.find { it.kind == 'configmaps' }.eventsPublished", greaterThanOrEqualTo(10)));
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("kubeatlas_stream_overdue{cluster=\"" + CLUSTER + "\",kind=\"configmaps\"} 0.0");
    }

    @AfterEach
    void removeTheCluster() {
        if (watches.watched().containsKey(CLUSTER)) {
            StreamStallTest.remove(watches, CLUSTER);
        }
    }
}
