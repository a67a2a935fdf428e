package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.support.crypto.KeyedCipher;
import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Changing, testing and watching registered clusters; their credentials for other services; key rotation. */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
class ClusterOperationsTest {

    /** Every log line of the service while these tests run, to prove no credential is ever logged. */
    static final List<String> LOG = new CopyOnWriteArrayList<>();
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            LOG.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    static final List<String> TOKENS = new CopyOnWriteArrayList<>();

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void captureLogs() {
        Logger.getLogger("").addHandler(CAPTURE);
    }

    @AfterAll
    static void noCredentialWasLogged() {
        Logger.getLogger("").removeHandler(CAPTURE);
        assertThat(LOG).isNotEmpty();
        for (String token : TOKENS) {
            assertThat(LOG).noneMatch(line -> line.contains(token));
        }
    }

    static String token() {
        String token = secretToken();
        TOKENS.add(token);
        return token;
    }

    static String register(String name, String kubeconfig) {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(name, kubeconfig))
                .post("/api/v1/clusters").then().statusCode(201);
        return name;
    }

    @Test
    void patchChangesTheRegistrationAndPublishesWhatChanged() {
        String name = register(uniqueName("patch"), sandbox().kubeconfig("p", token()));

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Shop (EU)", "tags", Map.of("env", "prod", "team", "shop"),
                        "checkIntervalSeconds", 60))
                .patch("/api/v1/clusters/" + name)
                .then().statusCode(200)
                .body("displayName", equalTo("Shop (EU)"))
                .body("tags.team", equalTo("shop"))
                .body("checkIntervalSeconds", equalTo(60));

        var updated = KafkaBroker.read(Topics.CLUSTER_LIFECYCLE,
                r -> name.equals(r.key()) && r.value().contains(EventTypes.CLUSTER_UPDATED.type()), Duration.ofSeconds(20));
        assertThat(updated).hasSize(1);
        var event = EventCodec.decode(updated.get(0).value(), EventTypes.CLUSTER_UPDATED).data();
        assertThat(event.changedFields()).containsExactlyInAnyOrder("displayName", "tags", "checkIntervalSeconds");
        assertThat(event.credentialsChanged()).isFalse();

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("name", "other"))
                .patch("/api/v1/clusters/" + name)
                .then().statusCode(400).contentType(PROBLEM).body("type", containsString("name-immutable"));
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("displayName", "x"))
                .patch("/api/v1/clusters/" + name)
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("displayName", "x"))
                .patch("/api/v1/clusters/nope-" + name)
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void aMergePatchNullRemovesTheField() {
        String name = register(uniqueName("merge"), sandbox().kubeconfig("m", token()));
        String mergePatch = "application/merge-patch+json";
        given().auth().oauth2(Tokens.admin()).contentType(mergePatch)
                .body("{\"region\": \"eu-west\", \"description\": \"shop\", \"tags\": {\"team\": \"shop\"}}")
                .patch("/api/v1/clusters/" + name)
                .then().statusCode(200).body("region", equalTo("eu-west"))
                .body("tags.env", equalTo("test")).body("tags.team", equalTo("shop"));

        given().auth().oauth2(Tokens.admin()).contentType(mergePatch).body("{\"region\": null}")
                .patch("/api/v1/clusters/" + name)
                .then().statusCode(200).body("region", nullValue()).body("description", equalTo("shop"));
        given().auth().oauth2(Tokens.admin()).contentType(mergePatch).body("{\"tags\": {\"env\": null}}")
                .patch("/api/v1/clusters/" + name)
                .then().statusCode(200).body("tags.env", nullValue()).body("tags.team", equalTo("shop"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"tags\": null, \"description\": null, \"displayName\": null}")
                .patch("/api/v1/clusters/" + name)
                .then().statusCode(200).body("tags.size()", equalTo(0)).body("description", nullValue())
                .body("displayName", equalTo(name + " (simulated)"));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + name)
                .then().statusCode(200).body("region", nullValue()).body("tags.size()", equalTo(0));
        given().auth().oauth2(Tokens.admin()).contentType(mergePatch).body("{\"kubeconfig\": null}")
                .patch("/api/v1/clusters/" + name)
                .then().statusCode(400).contentType(PROBLEM).body("type", containsString("kubeconfig-required"));
    }

    @Test
    void aNewKubeconfigIsValidatedAgainAndTellsHoldersToDropTheirClients() {
        String name = register(uniqueName("rekey"), sandbox().kubeconfig("r", token()));
        String unreachable = sandbox().kubeconfig("r", token()).replace(sandbox().url(), "http://127.0.0.1:1");

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("kubeconfig", unreachable))
                .patch("/api/v1/clusters/" + name)
                .then().statusCode(422).contentType(PROBLEM);

        String fresh = token();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("kubeconfig", sandbox().kubeconfig("r", fresh)))
                .patch("/api/v1/clusters/" + name)
                .then().statusCode(200).body("status", equalTo("connected")).body(not(containsString(fresh)));

        var updated = KafkaBroker.read(Topics.CLUSTER_LIFECYCLE,
                r -> name.equals(r.key()) && r.value().contains(EventTypes.CLUSTER_UPDATED.type()), Duration.ofSeconds(20));
        assertThat(updated).hasSize(1);
        assertThat(updated.get(0).value()).doesNotContain(fresh);
        assertThat(EventCodec.decode(updated.get(0).value(), EventTypes.CLUSTER_UPDATED).data().credentialsChanged()).isTrue();

        given().auth().oauth2(Tokens.service()).get("/internal/v1/clusters/" + name + "/credentials")
                .then().statusCode(200).body("kubeconfig", containsString(fresh)).body("revision", equalTo(2));
    }

    @Test
    void testNowReportsVersionNodesAndWhatTheCredentialsMayDo() {
        String name = register(uniqueName("probe"), sandbox().kubeconfig("t", token()));

        given().auth().oauth2(Tokens.admin()).post("/api/v1/clusters/" + name + "/test")
                .then().statusCode(200)
                .body("status", equalTo("connected"))
                .body("kubernetesVersion", containsString("kubeatlas-sandbox"))
                .body("nodesTotal", greaterThanOrEqualTo(3))
                .body("permissions.'list pods'", equalTo("allowed"))
                .body("permissions.'create pods/exec'", equalTo("allowed"));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + name)
                .then().statusCode(200).body("permissions.'patch deployments'", equalTo("allowed"));
        given().auth().oauth2(Tokens.viewer()).post("/api/v1/clusters/" + name + "/test")
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void credentialsThatMayNotReadTheClusterAre422UnlessForced() throws Exception {
        KubernetesMockServer strict = new KubernetesMockServer(false);
        strict.init();
        try {
            strict.expect().get().withPath("/version")
                    .andReturn(200, Map.of("major", "1", "minor", "30", "gitVersion", "v1.30.2")).always();
            strict.expect().get().withPath("/api/v1/nodes").andReturn(200, Map.of("kind", "NodeList", "items", List.of())).always();
            strict.expect().get().withPath("/api/v1/namespaces").andReturn(403, Map.of("kind", "Status")).always();
            strict.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                    .andReturn(201, Map.of("kind", "SelfSubjectAccessReview", "apiVersion", "authorization.k8s.io/v1",
                            "status", Map.of("allowed", false))).always();
            String name = uniqueName("narrow");
            String kubeconfig = sandbox().kubeconfig(name, token()).replace(sandbox().url(), strict.url("/").replaceAll("/$", ""));

            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(name, kubeconfig))
                    .post("/api/v1/clusters")
                    .then().statusCode(422).contentType(PROBLEM)
                    .body("type", containsString("cluster-unauthorized"))
                    .body("detail", containsString("list namespaces"));
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(name, kubeconfig))
                    .queryParam("force", true).post("/api/v1/clusters")
                    .then().statusCode(201).body("permissions.'list pods'", equalTo("denied"));
        } finally {
            strict.destroy();
        }
    }

    @Test
    void theMonitorNoticesANotReadyNodeAndRecordsTheChange() throws Exception {
        // a cluster that accepts connections and never answers, checked alongside: it must not hold the others up
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                List<Socket> held = new java.util.ArrayList<>();
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String stuck = uniqueName("stuck");
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(registration(stuck, sandbox().kubeconfig(stuck, token())
                            .replace(sandbox().url(), "http://127.0.0.1:" + silent.getLocalPort())))
                    .queryParam("force", true).post("/api/v1/clusters").then().statusCode(201);

            String name = register(uniqueName("watch"), sandbox().kubeconfig("w", token()));
            Node flaky = sandbox().client().nodes().resource(new NodeBuilder().withNewMetadata().withName("node-flaky-" + name)
                    .endMetadata().withNewStatus().addNewCondition().withType("Ready").withStatus("False")
                    .withReason("KubeletNotReady").endCondition().endStatus().build()).create();
            try {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + name + "/health")
                                .then().statusCode(200)
                                .body("status", equalTo("degraded"))
                                .body("reason", containsString(flaky.getMetadata().getName()))
                                .body("checks[0].notReadyNodes", hasItem(flaky.getMetadata().getName()))
                                .body("changes[0].previousStatus", equalTo("connected"))
                                .body("changes[0].status", equalTo("degraded"))
                                .body("changes[1].previousStatus", nullValue()));

                List<ConsumerRecord<String, String>> changed = KafkaBroker.read(Topics.CLUSTER_LIFECYCLE,
                        r -> name.equals(r.key()) && r.value().contains(EventTypes.CLUSTER_HEALTH_CHANGED.type()),
                        Duration.ofSeconds(20));
                assertThat(changed).hasSize(1);
                var data = EventCodec.decode(changed.get(0).value(), EventTypes.CLUSTER_HEALTH_CHANGED).data();
                assertThat(data.previousStatus()).isEqualTo("connected");
                assertThat(data.status()).isEqualTo("degraded");
            } finally {
                sandbox().client().nodes().withName(flaky.getMetadata().getName()).delete();
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + name + "/health")
                            .then().body("status", equalTo("connected")));
            // only changes are published: connected → degraded → connected, no event for the checks in between
            assertThat(KafkaBroker.read(Topics.CLUSTER_LIFECYCLE,
                    r -> name.equals(r.key()) && r.value().contains(EventTypes.CLUSTER_HEALTH_CHANGED.type()),
                    2, Duration.ofSeconds(20))).hasSize(2);
            given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + stuck + "/health")
                    .then().body("status", equalTo("unreachable"));
        }
    }

    @Test
    void aKubeconfigCanBeUploadedAsAFile() {
        String name = uniqueName("upload");
        String secret = token();
        given().auth().oauth2(Tokens.admin())
                .multiPart("name", name)
                .multiPart("tags", "env=lab,team=platform")
                .multiPart("kubeconfig", "config.yaml", sandbox().kubeconfig("u", secret).getBytes(), "application/yaml")
                .post("/api/v1/clusters")
                .then().statusCode(201)
                .body("name", equalTo(name)).body("tags.team", equalTo("platform")).body(not(containsString(secret)));
        given().auth().oauth2(Tokens.admin())
                .multiPart("name", "Bad_Name")
                .multiPart("kubeconfig", "config.yaml", sandbox().kubeconfig("u", secret).getBytes(), "application/yaml")
                .post("/api/v1/clusters")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("name"));
        given().auth().oauth2(Tokens.admin())
                .multiPart("name", uniqueName("big"))
                .multiPart("kubeconfig", "config.yaml", new byte[1024 * 1024 + 1], "application/yaml")
                .post("/api/v1/clusters")
                .then().statusCode(413).contentType(PROBLEM);
    }

    @Test
    void credentialsAreForServicesOnly() {
        String secret = token();
        String name = register(uniqueName("creds"), sandbox().kubeconfig("c", secret));

        given().auth().oauth2(Tokens.service()).get("/internal/v1/clusters/" + name + "/credentials")
                .then().statusCode(200)
                .body("kubeconfig", containsString(secret))
                .body("context", equalTo("c"))
                .body("revision", equalTo(1));
        given().auth().oauth2(Tokens.admin()).get("/internal/v1/clusters/" + name + "/credentials")
                .then().statusCode(403).contentType(PROBLEM).body(not(containsString(secret)));
        given().get("/internal/v1/clusters/" + name + "/credentials").then().statusCode(401);
        given().auth().oauth2(Tokens.service()).get("/internal/v1/clusters/nope-" + name + "/credentials")
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void credentialsSealedWithAnUnknownKeyAreA503AndAnUnreachableCluster() throws Exception {
        String name = register(uniqueName("lost"), sandbox().kubeconfig("l", token()));
        KeyedCipher stranger = new KeyedCipher("k0", Map.of("k0", "c3RyYW5nZXItc3RyYW5nZXItc3RyYW5nZXItMTIzNDU="));
        KeyedCipher.Sealed sealed = stranger.seal(name, sandbox().kubeconfig("l", token()));
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement(
                     "update cluster set kubeconfig_key_id = ?, kubeconfig_nonce = ?, kubeconfig_cipher = ? where name = ?")) {
            update.setString(1, sealed.keyId());
            update.setBytes(2, sealed.nonce());
            update.setBytes(3, sealed.ciphertext());
            update.setString(4, name);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        given().auth().oauth2(Tokens.service()).get("/internal/v1/clusters/" + name + "/credentials")
                .then().statusCode(503).contentType(PROBLEM).body("type", containsString("credentials-undecryptable"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + name + "/health")
                        .then().body("status", equalTo("unreachable")).body("reason", containsString("decrypted")));
        given().auth().oauth2(Tokens.admin()).delete("/api/v1/clusters/" + name).then().statusCode(204);
    }

    @Test
    void rotationReEncryptsWithTheActiveKey() throws Exception {
        String secret = token();
        String name = register(uniqueName("rotate"), sandbox().kubeconfig("k", secret));
        // seal this record with the older key k0, as a record stored before the last rotation would be
        KeyedCipher old = new KeyedCipher("k0", Map.of("k0", "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA="));
        KeyedCipher.Sealed sealed = old.seal(name, sandbox().kubeconfig("k", secret));
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement(
                     "update cluster set kubeconfig_key_id = ?, kubeconfig_nonce = ?, kubeconfig_cipher = ? where name = ?")) {
            update.setString(1, sealed.keyId());
            update.setBytes(2, sealed.nonce());
            update.setBytes(3, sealed.ciphertext());
            update.setString(4, name);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        given().auth().oauth2(Tokens.admin()).get("/api/v1/admin/encryption")
                .then().statusCode(200).body("activeKeyId", equalTo("k1")).body("keysInUse.k0", greaterThanOrEqualTo(1));

        given().auth().oauth2(Tokens.admin()).post("/api/v1/admin/encryption/rotate")
                .then().statusCode(200).body("reencrypted", greaterThanOrEqualTo(1)).body("keysInUse.k0", nullValue());

        given().auth().oauth2(Tokens.service()).get("/internal/v1/clusters/" + name + "/credentials")
                .then().statusCode(200).body("kubeconfig", containsString(secret));
        given().auth().oauth2(Tokens.operator()).post("/api/v1/admin/encryption/rotate")
                .then().statusCode(403).contentType(PROBLEM);
    }
}
