package dev.kubeatlas.workload.kube.stream;

import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.events.cluster.v1.ClusterRegistered;
import dev.kubeatlas.events.cluster.v1.ClusterRemoved;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/**
 * One cluster's changes are recorded one after the other; a recording that never completes (here: its transaction
 * waits for a row lock that another session holds, as a session held open across a remote call would) must not
 * stop the changes after it, and the change it was recording is published once the database lets it.
 */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
@QuarkusTestResource(ClusterServiceWireMock.class)
class StreamStallTest {

    static final String CLUSTER = "stalled-" + UUID.randomUUID().toString().substring(0, 6);

    @Inject
    ClusterWatches watches;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> dbPassword;

    @Test
    void aRecordingThatHangsDoesNotStopTheChangesAfterIt() throws Exception {
        register(watches, CLUSTER, sandbox().kubeconfig(CLUSTER, "token-" + UUID.randomUUID()));
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String held = "held-" + suffix;
        String after = "after-" + suffix;
        configMap(held, "v1");
        assertThat(changes(c -> created(c) && held.equals(c.name()), 1, 30)).hasSize(1);

        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword.orElse(""))) {
            db.setAutoCommit(false);
            lockObservedRow(db, held);

            sandbox().client().configMaps().inNamespace("shop").withName(held)
                    .edit(cm -> new ConfigMapBuilder(cm).addToData("k", "v2").build());
            configMap(after, "v1");

            assertThat(changes(c -> created(c) && after.equals(c.name()), 1, 30))
                    .as("the change after the hanging one is published").hasSize(1);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.viewer())
                    .get("/api/v1/clusters/" + CLUSTER + "/streams").then().statusCode(200)
                    .body("items.find { it.kind == 'configmaps' }.errors", greaterThanOrEqualTo(1)));
            db.rollback();
        }

        // the change whose recording was given up is published once, when the watchdog finds it missing
        List<ResourceChanged> modified = changes(c -> "MODIFIED".equals(c.changeType()) && held.equals(c.name()), 2, 20);
        assertThat(modified).hasSize(1);
        assertThat(modified.get(0).manifest().path("data").path("k").asText()).isEqualTo("v2");

        given().auth().oauth2(Tokens.service()).get("/api/v1/clusters/" + CLUSTER + "/streams").then().statusCode(200)
                .body("items.kind", hasItem("deployments.apps"))
                .body("items.find { it.kind == 'configmaps' }.state", equalTo("watching"))
                .body("items.find { it.kind == 'configmaps' }.relists", greaterThanOrEqualTo(1))
                .body("items.find { it.kind == 'configmaps' }.eventsPublished", greaterThanOrEqualTo(3))
                .body("items.find { it.kind == 'configmaps' }.pending", equalTo(0))
                .body("items.find { it.kind == 'configmaps' }.lastResourceVersion", notNullValue());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String tags = "{cluster=\"" + CLUSTER + "\",kind=\"configmaps\"}";
        assertThat(metrics).contains("kubeatlas_stream_errors_total" + tags, "kubeatlas_stream_published_total" + tags,
                "kubeatlas_stream_relists_total" + tags, "kubeatlas_stream_pending" + tags,
                "kubeatlas_stream_watching" + tags + " 1.0");
    }

    @Test
    void theStreamsOfAnUnknownClusterAreA404AndNeedARole() {
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/no-such-cluster/streams").then().statusCode(404)
                .contentType("application/problem+json").body("type", endsWith("/cluster-not-found"));
        given().get("/api/v1/clusters/no-such-cluster/streams").then().statusCode(401);
    }

    private void lockObservedRow(Connection db, String name) throws Exception {
        try (PreparedStatement lock = db.prepareStatement(
                "select uid from observed_object where cluster = ? and name = ? and resource = 'configmaps' for update")) {
            lock.setString(1, CLUSTER);
            lock.setString(2, name);
            try (ResultSet row = lock.executeQuery()) {
                assertThat(row.next()).as("the object was recorded").isTrue();
            }
        }
    }

    static void register(ClusterWatches watches, String cluster, String kubeconfig) {
        ClusterServiceWireMock.serve(cluster, kubeconfig, 1);
        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, cluster, CloudEvent.create(EventTypes.CLUSTER_REGISTERED,
                "cluster-service", cluster, cluster, new ClusterRegistered(cluster, cluster, "sandbox", null,
                        sandbox().url(), "v1.31.4", "connected", true, Map.of(), "admin")));
        await().atMost(Duration.ofSeconds(30)).until(() -> watches.synced(cluster));
    }

    /** Stops watching the cluster, as its removal does: a cluster a test leaves behind would retry its watches for ever. */
    static void remove(ClusterWatches watches, String cluster) {
        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, cluster, CloudEvent.create(EventTypes.CLUSTER_REMOVED,
                "cluster-service", cluster, cluster, new ClusterRemoved(cluster, "admin")));
        await().atMost(Duration.ofSeconds(30)).until(() -> !watches.watched().containsKey(cluster));
    }

    @AfterEach
    void removeTheCluster() {
        if (watches.watched().containsKey(CLUSTER)) {
            remove(watches, CLUSTER);
        }
    }

    static void configMap(String name, String value) {
        sandbox().client().configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata()
                .withName(name).endMetadata().addToData("k", value).build()).create();
    }

    static List<ResourceChanged> changes(Predicate<ResourceChanged> match, int count, int seconds) {
        return changes(CLUSTER, match, count, seconds);
    }

    static List<ResourceChanged> changes(String cluster, Predicate<ResourceChanged> match, int count, int seconds) {
        return KafkaBroker.read(Topics.RESOURCE_CHANGES, r -> r.value().contains("\"cluster\":\"" + cluster + "\"")
                        && match.test(EventCodec.decode(r.value(), EventTypes.RESOURCE_CHANGED).data()), count,
                Duration.ofSeconds(seconds)).stream()
                .map(r -> EventCodec.decode(r.value(), EventTypes.RESOURCE_CHANGED).data()).toList();
    }

    /** Created while watched: ADDED, or BASELINE when created in the second the watch started (timestamps are whole seconds). */
    static boolean created(ResourceChanged change) {
        return "ADDED".equals(change.changeType()) || "BASELINE".equals(change.changeType());
    }
}
