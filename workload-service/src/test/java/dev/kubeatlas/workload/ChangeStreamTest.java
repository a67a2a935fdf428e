package dev.kubeatlas.workload;

import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.events.cluster.v1.ClusterRegistered;
import dev.kubeatlas.events.resource.v1.ResourceChanged;
import dev.kubeatlas.testing.ClusterServiceWireMock;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import dev.kubeatlas.workload.kube.stream.ClusterWatches;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
@QuarkusTestResource(ClusterServiceWireMock.class)
class ChangeStreamTest {

    /** A name of its own per run: the broker keeps the topic between runs, the test database does not. */
    static final String CLUSTER = "streamed-" + UUID.randomUUID().toString().substring(0, 6);

    @Inject
    ClusterWatches watches;

    @BeforeEach
    void theClusterIsRegisteredAndWatched() {
        ClusterServiceWireMock.serve(CLUSTER, sandbox().kubeconfig(CLUSTER, "token-" + UUID.randomUUID()), 1);
        if (!watches.synced(CLUSTER)) {
            KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, CLUSTER, CloudEvent.create(EventTypes.CLUSTER_REGISTERED,
                    "cluster-service", CLUSTER, CLUSTER, new ClusterRegistered(CLUSTER, CLUSTER, "sandbox", null,
                            sandbox().url(), "v1.31.4", "connected", true, Map.of(), "admin")));
            await().atMost(Duration.ofSeconds(30)).until(() -> watches.synced(CLUSTER));
        }
    }

    static List<ResourceChanged> changes(Predicate<ResourceChanged> match, int count) {
        List<ConsumerRecord<String, String>> records = KafkaBroker.read(Topics.RESOURCE_CHANGES,
                r -> r.value().contains("\"cluster\":\"" + CLUSTER + "\"") && match.test(decode(r)), count, Duration.ofSeconds(30));
        return records.stream().map(ChangeStreamTest::decode).toList();
    }

    static ResourceChanged decode(ConsumerRecord<String, String> record) {
        return EventCodec.decode(record.value(), EventTypes.RESOURCE_CHANGED).data();
    }

    @Test
    void theStateFoundIsPublishedOnceAsBaseline() {
        List<ResourceChanged> baseline = changes(c -> "BASELINE".equals(c.changeType()) && "cart".equals(c.name())
                && "deployments.apps".equals(c.resource()), 1);
        assertThat(baseline).hasSize(1);
        assertThat(baseline.get(0).manifest().has("status")).isFalse();
        assertThat(baseline.get(0).manifest().path("metadata").has("managedFields")).isFalse();
        assertThat(changes(c -> "BASELINE".equals(c.changeType()) && "ingressroutes.traefik.io".equals(c.resource()), 1))
                .isNotEmpty();
    }

    @Test
    void aChangeThroughTheApiNamesItsUserAnExternalOneDoesNot() {
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("replicas", 3))
                .post("/api/v1/clusters/" + CLUSTER + "/resources/deployments/recommendation/scale?namespace=shop")
                .then().statusCode(200);
        List<ResourceChanged> scaled = changes(c -> "MODIFIED".equals(c.changeType()) && "recommendation".equals(c.name())
                && c.manifest().path("spec").path("replicas").asInt() == 3, 1);
        assertThat(scaled).hasSize(1);
        assertThat(scaled.get(0).source()).isEqualTo("kubeatlas");
        assertThat(scaled.get(0).actor()).isEqualTo("operator");

        String name = "external-" + UUID.randomUUID().toString().substring(0, 6);
        sandbox().client().configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().addToData("k", "v").build()).create();
        List<ResourceChanged> added = changes(c -> "ADDED".equals(c.changeType()) && name.equals(c.name()), 1);
        assertThat(added).hasSize(1);
        assertThat(added.get(0).source()).isEqualTo("external");
        assertThat(added.get(0).actor()).isNull();

        sandbox().client().configMaps().inNamespace("shop").withName(name).delete();
        assertThat(changes(c -> "DELETED".equals(c.changeType()) && name.equals(c.name()), 1)).hasSize(1);
    }

    @Test
    void secretValuesAreKeyedDigestsInTheStream() {
        String name = "stream-secret-" + UUID.randomUUID().toString().substring(0, 6);
        sandbox().client().secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName(name)
                .endMetadata().addToData("password", "aHVudGVyMg==").build()).create();
        List<ResourceChanged> added = changes(c -> name.equals(c.name()), 1);
        assertThat(added).hasSize(1);
        String digest = added.get(0).manifest().path("data").path("password").asText();
        assertThat(digest).startsWith("hmac-sha256:");
        // not the plain SHA-256 of the value, which a dictionary would find
        assertThat(digest).doesNotContain("f52fbd32b2b3b86ff88ef6c490628285f482af15ddcb29541f94bcf526a3f6c7")
                .doesNotContain("b073aefd7c9215dd0179def431a8e7b5b1c39770f72ab676e9d9bd4a466268d1");
        assertThat(added.get(0).manifest().toString()).doesNotContain("aHVudGVyMg==");
    }

    @Test
    void watchedKindsAreListedFromTheCache() {
        given().auth().oauth2(Tokens.viewer()).queryParam("namespace", "shop").queryParam("limit", 2)
                .get("/api/v1/clusters/" + CLUSTER + "/resources/pods")
                .then().statusCode(200).body("items", hasSize(2)).body("continue", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(Tokens.viewer()).queryParam("fieldSelector", "status.phase=Running")
                .queryParam("labelSelector", "app in (cart,frontend)")
                .get("/api/v1/clusters/" + CLUSTER + "/resources/pods")
                .then().statusCode(200).body("items.metadata.labels.app.unique().size()", equalTo(2));
    }
}
