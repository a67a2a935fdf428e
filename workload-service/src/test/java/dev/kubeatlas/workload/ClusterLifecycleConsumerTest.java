package dev.kubeatlas.workload;

import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.events.cluster.v1.ClusterHealthChanged;
import dev.kubeatlas.events.cluster.v1.ClusterRegistered;
import dev.kubeatlas.events.cluster.v1.ClusterRemoved;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
class ClusterLifecycleConsumerTest {

    static JsonPath knownClusters() {
        return given().auth().oauth2(Tokens.forUser("cluster-service", "service"))
                .get("/internal/v1/known-clusters").then().statusCode(200).extract().jsonPath();
    }

    static Map<String, Object> known(String name) {
        List<Map<String, Object>> items = knownClusters().getList("items");
        return items.stream().filter(i -> name.equals(i.get("name"))).findFirst().orElse(null);
    }

    static CloudEvent<ClusterRegistered> registered(String name) {
        return CloudEvent.create(EventTypes.CLUSTER_REGISTERED, "cluster-service", name, name,
                new ClusterRegistered(name, name, "k3s", null, "https://10.0.0.1:6443", "v1.31.2+k3s1", "connected",
                        false, Map.of(), "admin"));
    }

    @Test
    void registrationReachesThisServicesViewOfClusters() {
        String name = "c-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, registered(name));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(known(name)).isNotNull()
                .containsEntry("provider", "k3s").containsEntry("status", "connected"));

        CloudEvent<ClusterHealthChanged> degraded = CloudEvent.create(EventTypes.CLUSTER_HEALTH_CHANGED, "cluster-service",
                name, name, new ClusterHealthChanged(name, "connected", "degraded", "1 of 3 nodes NotReady", null, 2, 3, 12L));
        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, degraded);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(known(name)).containsEntry("status", "degraded"));

        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, CloudEvent.create(EventTypes.CLUSTER_REMOVED,
                "cluster-service", name, name, new ClusterRemoved(name, "admin")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(known(name)).isNull());
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() {
        String name = "d-" + UUID.randomUUID().toString().substring(0, 8);
        CloudEvent<ClusterRegistered> event = registered(name);
        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, event);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(known(name)).isNotNull());
        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, CloudEvent.create(EventTypes.CLUSTER_REMOVED,
                "cluster-service", name, name, new ClusterRemoved(name, "admin")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(known(name)).isNull());

        // the registration arrives again, after the removal: it was handled already and must not resurrect the cluster
        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, event);
        String marker = "m-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, registered(marker));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(known(marker)).isNotNull());
        assertThat(known(name)).isNull();
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        String poison = "{\"this is\": \"not a cloud event\", \"id\": \"" + UUID.randomUUID() + "\"}";
        KafkaBroker.send(Topics.CLUSTER_LIFECYCLE, "poison", poison);
        String name = "p-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, "poison", registered(name));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(known(name)).isNotNull());
        assertThat(KafkaBroker.read(Topics.deadLetter(Topics.CLUSTER_LIFECYCLE), r -> poison.equals(r.value()),
                Duration.ofSeconds(20))).hasSize(1);
    }
}
