package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
class ClusterResourceTest {

    static final String PROBLEM = "application/problem+json";

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String secretToken() {
        return "s3cr3t-" + UUID.randomUUID();
    }

    static Map<String, Object> registration(String name, String kubeconfig) {
        return Map.of("name", name, "kubeconfig", kubeconfig, "tags", Map.of("env", "test"));
    }

    @Test
    void registersAClusterFromItsKubeconfigAndPublishesTheFact() {
        String name = uniqueName("shop");
        String token = secretToken();

        String body = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(registration(name, sandbox().kubeconfig(name, token)))
                .when().post("/api/v1/clusters")
                .then().statusCode(201)
                // relative, so that it is right through the gateway: never this service's own address
                .header("Location", equalTo("/api/v1/clusters/" + name))
                .body("name", equalTo(name))
                .body("sandbox", equalTo(true))
                .body("provider", equalTo("sandbox"))
                .body("status", equalTo("connected"))
                .body("kubernetesVersion", containsString("kubeatlas-sandbox"))
                .body("nodesTotal", equalTo(3))
                .body("nodesReady", equalTo(3))
                .body("namespaces", notNullValue())
                .body("tags.env", equalTo("test"))
                .extract().asString();
        assertThat(body).doesNotContain(token);

        List<ConsumerRecord<String, String>> events = KafkaBroker.read(Topics.CLUSTER_LIFECYCLE,
                r -> name.equals(r.key()) && r.value().contains(EventTypes.CLUSTER_REGISTERED.type()),
                Duration.ofSeconds(20));
        assertThat(events).hasSize(1);
        var event = EventCodec.decode(events.get(0).value(), EventTypes.CLUSTER_REGISTERED);
        assertThat(event.source()).isEqualTo("/kubeatlas/cluster-service");
        assertThat(event.cluster()).isEqualTo(name);
        assertThat(event.data().sandbox()).isTrue();
        assertThat(event.data().registeredBy()).isEqualTo("admin");
        assertThat(events.get(0).value()).doesNotContain(token);
        assertThat(new String(events.get(0).headers().lastHeader("content-type").value()))
                .startsWith("application/cloudevents+json");

        given().auth().oauth2(Tokens.viewer()).when().get("/api/v1/clusters/" + name)
                .then().statusCode(200).body("name", equalTo(name)).body(not(containsString(token)));
        given().auth().oauth2(Tokens.viewer()).when().get("/api/v1/clusters?tag=env=test")
                .then().statusCode(200).body("items.name", hasItem(name));
    }

    @Test
    void aSecondClusterWithTheSameNameConflicts() {
        String name = uniqueName("dup");
        String kubeconfig = sandbox().kubeconfig(name, secretToken());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(name, kubeconfig))
                .post("/api/v1/clusters").then().statusCode(201);

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(name, kubeconfig))
                .post("/api/v1/clusters")
                .then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://kubeatlas.dev/problems/cluster-exists"))
                .body("status", equalTo(409));
    }

    @Test
    void withoutATokenTheApiAnswers401AsProblem() {
        given().when().get("/api/v1/clusters")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer");
        given().auth().oauth2(Tokens.forged()).when().get("/api/v1/clusters")
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void onlyAnAdminRegisters() {
        String name = uniqueName("viewer");
        given().auth().oauth2(Tokens.viewer()).contentType(ContentType.JSON)
                .body(registration(name, sandbox().kubeconfig(name, secretToken())))
                .post("/api/v1/clusters")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Tokens.operator()).when().delete("/api/v1/clusters/" + name)
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void badNamesAreRejectedWithTheFieldNamed() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(registration("Not_A_DNS_Name", sandbox().kubeconfig("x", secretToken())))
                .post("/api/v1/clusters")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItem("name"));
    }

    @Test
    void malformedKubeconfigIs400WithoutEchoingIt() {
        String token = secretToken();
        String broken = "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user: {token: " + token + "\n  : [";
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(registration(uniqueName("broken"), broken))
                .post("/api/v1/clusters")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://kubeatlas.dev/problems/invalid-kubeconfig"))
                .body(not(containsString(token)));
    }

    @Test
    void malformedJsonIs400() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"name\": \"x\", ")
                .post("/api/v1/clusters")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void unknownContextIs400() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", uniqueName("ctx"), "kubeconfig", sandbox().kubeconfig("a", secretToken()),
                        "context", "nope"))
                .post("/api/v1/clusters")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("nope"));
    }

    @Test
    void localFileReferencesAndExecPluginsAreRefused() {
        String withFile = sandbox().kubeconfig("f", "t").replace("    token: t", "    client-certificate: /etc/passwd\n    client-key: /etc/shadow");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(uniqueName("file"), withFile))
                .post("/api/v1/clusters")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("local file"));

        String withExec = sandbox().kubeconfig("e", "t").replace("    token: t",
                "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/sh\n      args: [\"-c\", \"id\"]");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(uniqueName("exec"), withExec))
                .post("/api/v1/clusters")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("allowlist"));
    }

    @Test
    void anUnreachableClusterIs422UnlessForced() {
        String name = uniqueName("gone");
        String kubeconfig = sandbox().kubeconfig(name, secretToken()).replace(sandbox().url(), "http://127.0.0.1:1");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(name, kubeconfig))
                .post("/api/v1/clusters")
                .then().statusCode(422).contentType(PROBLEM).body("detail", containsString("connect"));

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(name, kubeconfig))
                .queryParam("force", true)
                .post("/api/v1/clusters")
                .then().statusCode(201).body("status", equalTo("unreachable"));
    }

    @Test
    void oversizedKubeconfigIs413() {
        String huge = sandbox().kubeconfig("big", "t") + "# " + "x".repeat(1024 * 1024) + "\n";
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(uniqueName("big"), huge))
                .post("/api/v1/clusters")
                .then().statusCode(413).contentType(PROBLEM);
    }

    @Test
    void listsContextsWithoutStoringAnything() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("kubeconfig", sandbox().kubeconfig("lab", secretToken())))
                .post("/api/v1/clusters/kubeconfig/contexts")
                .then().statusCode(200)
                .body("items[0].name", equalTo("lab"))
                .body("items[0].server", equalTo(sandbox().url()))
                .body("items[0].authKind", equalTo("token"))
                .body("items[0].current", equalTo(true));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/lab").then().statusCode(404);
    }

    @Test
    void deletingRemovesTheClusterAndPublishesRemoval() {
        String name = uniqueName("bye");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(registration(name, sandbox().kubeconfig(name, secretToken())))
                .post("/api/v1/clusters").then().statusCode(201);

        given().auth().oauth2(Tokens.admin()).delete("/api/v1/clusters/" + name).then().statusCode(204);

        given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + name)
                .then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo("https://kubeatlas.dev/problems/cluster-not-found"))
                .body("instance", equalTo("/api/v1/clusters/" + name));
        assertThat(KafkaBroker.read(Topics.CLUSTER_LIFECYCLE,
                r -> name.equals(r.key()) && r.value().contains(EventTypes.CLUSTER_REMOVED.type()),
                Duration.ofSeconds(20))).hasSize(1);
        given().auth().oauth2(Tokens.admin()).delete("/api/v1/clusters/" + name).then().statusCode(404);
    }
}
