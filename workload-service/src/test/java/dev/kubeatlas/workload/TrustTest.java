package dev.kubeatlas.workload;

import dev.kubeatlas.testing.ClusterServiceWireMock;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** What the security review reproduced against workload-service, each refused or answered safely now. */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
@QuarkusTestResource(ClusterServiceWireMock.class)
class TrustTest {

    static final String SHOP = "/api/v1/clusters/trust";
    static final String PROBLEM = "application/problem+json";

    @BeforeEach
    void registered() {
        ClusterServiceWireMock.serve("trust", sandbox().kubeconfig("trust", "token-" + UUID.randomUUID()), 1);
    }

    static String secret() {
        String name = "db-" + UUID.randomUUID().toString().substring(0, 8);
        sandbox().client().secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName(name)
                .endMetadata().addToData("password", "aHVudGVyMg==").build()).create();
        return name;
    }

    @Test
    void anEncodedSlashInANameIsRefusedAndNoListOfSecretsComesBack() {
        secret();
        given().auth().oauth2(Tokens.viewer()).urlEncodingEnabled(false)
                .get(SHOP + "/resources/configmaps/..%2F..%2Fsecrets?namespace=shop")
                .then().statusCode(400).contentType(PROBLEM).body(not(containsString("aHVudGVyMg==")));
        given().auth().oauth2(Tokens.viewer()).urlEncodingEnabled(false)
                .get(SHOP + "/resources/configmaps?namespace=default%2Fsecrets%3F")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(Tokens.operator()).urlEncodingEnabled(false)
                .delete(SHOP + "/resources/configmaps/%23?namespace=victim%3F")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void everyItemOfASecretListIsRedactedWhateverKindItClaims() {
        secret();
        given().auth().oauth2(Tokens.viewer()).queryParam("namespace", "shop").get(SHOP + "/resources/secrets")
                .then().statusCode(200)
                .body("items.data.password", everyItem(equalTo("<redacted>")))
                .body(not(containsString("aHVudGVyMg==")));
    }

    @Test
    void anOperatorCannotCopyMoveOrTestSecretValues() {
        String name = secret();
        for (String op : new String[]{
                "[{\"op\":\"copy\",\"from\":\"/data/password\",\"path\":\"/metadata/annotations/leak\"}]",
                "[{\"op\":\"move\",\"from\":\"/data/password\",\"path\":\"/metadata/labels/leak\"}]",
                "[{\"op\":\"test\",\"path\":\"/data/password\",\"value\":\"aHVudGVyMg==\"}]",
                "[{\"op\":\"copy\",\"from\":\"\",\"path\":\"/metadata/annotations/all\"}]",
                "[{\"op\":\"copy\",\"from\":\"/stringData\",\"path\":\"/metadata/annotations/x\"}]"}) {
            given().auth().oauth2(Tokens.operator()).contentType("application/json-patch+json").body(op)
                    .patch(SHOP + "/resources/secrets/" + name + "?namespace=shop")
                    .then().statusCode(403).contentType(PROBLEM).body(not(containsString("aHVudGVyMg==")));
        }
        assertThat(sandbox().client().secrets().inNamespace("shop").withName(name).get().getMetadata().getAnnotations())
                .as("nothing was copied").satisfiesAnyOf(a -> assertThat(a).isNull(), a -> assertThat(a).doesNotContainKey("leak"));
        // writing a value stays allowed, and the answer hides it
        given().auth().oauth2(Tokens.operator()).contentType("application/json-patch+json")
                .body("[{\"op\":\"add\",\"path\":\"/data/token\",\"value\":\"c2VjcmV0\"}]")
                .patch(SHOP + "/resources/secrets/" + name + "?namespace=shop")
                .then().statusCode(200).body("data.token", equalTo("<redacted>"));
    }

    @Test
    void aMalformedSecretManifestIsNotEchoed() {
        given().auth().oauth2(Tokens.operator()).contentType("application/yaml")
                .body("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  password: hunter2\n  bad: [unclosed\n"
                        .getBytes(StandardCharsets.UTF_8))
                .post(SHOP + "/resources/secrets?namespace=shop")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("line"))
                .body(not(containsString("hunter2")));
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body("{\"kind\":\"Secret\",\"stringData\":{\"password\":\"hunter2\"},}")
                .post(SHOP + "/resources/secrets?namespace=shop")
                .then().statusCode(400).contentType(PROBLEM).body(not(containsString("hunter2")));
    }

    @Test
    void twoYamlDocumentsAreRefusedNotHalfCreated() {
        String a = "multi-a-" + UUID.randomUUID().toString().substring(0, 6);
        given().auth().oauth2(Tokens.operator()).contentType("application/yaml")
                .body(("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + a + "\n---\napiVersion: v1\nkind: ConfigMap\n"
                        + "metadata:\n  name: " + a + "-b\n").getBytes(StandardCharsets.UTF_8))
                .post(SHOP + "/resources/configmaps?namespace=shop")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("2 YAML documents"));
        assertThat(sandbox().client().configMaps().inNamespace("shop").withName(a).get()).isNull();
    }

    @Test
    void bodiesThatAreNotOneObjectAreA400WithAProblem() {
        for (String body : new String[]{"[1,2", "\"str\"", "123", "[]", "{\"a\":1} trailing", "{\"a\":1}{\"b\":2}"}) {
            given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(body)
                    .post(SHOP + "/resources/configmaps?namespace=shop")
                    .then().statusCode(400).contentType(PROBLEM);
            given().auth().oauth2(Tokens.operator()).contentType("application/merge-patch+json").body(body)
                    .patch(SHOP + "/resources/configmaps/whatever?namespace=shop")
                    .then().statusCode(400).contentType(PROBLEM);
        }
    }

    @Test
    void namesInTheBodyAreCheckedBeforeAnythingIsCreated() {
        for (String name : new String[]{"a b", "a{}", "../x", "a/b"}) {
            given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                    .body(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", name)))
                    .post(SHOP + "/resources/configmaps?namespace=shop")
                    .then().statusCode(400).contentType(PROBLEM);
        }
        assertThat(sandbox().client().configMaps().inNamespace("shop").list().getItems())
                .noneMatch(c -> c.getMetadata().getName().contains(" ") || c.getMetadata().getName().contains("{"));
    }

    @Test
    void aCreatedObjectsLocationIsRelative() {
        String name = "located-" + UUID.randomUUID().toString().substring(0, 6);
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", name)))
                .post(SHOP + "/resources/configmaps?namespace=shop")
                .then().statusCode(201).header("Location", startsWith("/api/v1/clusters/trust/resources/configmaps/" + name));
    }

    @Test
    void tooDeepManifestsAreRefusedAndDeepObjectsFromTheClusterAreCutOff() {
        String deep = "{\"a\":".repeat(700) + "1" + "}".repeat(700);
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"deep\"},\"x\":" + deep + "}")
                .post(SHOP + "/resources/configmaps?namespace=shop")
                .then().statusCode(400).contentType(PROBLEM);
        // an object that reached the cluster another way is shown, cut off, in JSON and YAML
        String name = "deep-" + UUID.randomUUID().toString().substring(0, 6);
        sandbox().client().genericKubernetesResources("v1", "ConfigMap").inNamespace("shop").resource(
                new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("ConfigMap")
                        .withNewMetadata().withName(name).endMetadata()
                        .addToAdditionalProperties("x", nested(800)).build()).create();
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/resources/configmaps/" + name + "?namespace=shop")
                .then().statusCode(200).body(containsString("nested deeper than 100 levels"));
        given().auth().oauth2(Tokens.viewer()).accept("application/yaml").get(SHOP + "/resources/configmaps/" + name + "?namespace=shop")
                .then().statusCode(200).body(containsString("nested deeper than 100 levels"));
    }

    static Map<String, Object> nested(int depth) {
        Map<String, Object> inner = Map.of("leaf", 1);
        for (int i = 0; i < depth; i++) {
            inner = Map.of("a", inner);
        }
        return inner;
    }

    @Test
    void badParameterTypesAndSelectorsAre400sNamingTheParameter() {
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/resources/pods?namespace=shop&limit=abc")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("'limit'"));
        given().auth().oauth2(Tokens.operator()).delete(SHOP + "/resources/configmaps/x?namespace=shop&dryRun=yes")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("'dryRun'"));
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/resources/pods?namespace=shop&labelSelector=!!!")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/resources/pods?namespace=shop&labelSelector=app===x")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/resources/pods?namespace=shop&fieldSelector=spec.nodeName===x")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void aHandWrittenRevisionAnnotationIsNoRevisionAndNoFailure() {
        String name = "rev-" + UUID.randomUUID().toString().substring(0, 6);
        var deployment = sandbox().client().apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", name)
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().endTemplate().endSpec().build()).create();
        sandbox().client().apps().replicaSets().inNamespace("shop").resource(new ReplicaSetBuilder().withNewMetadata()
                .withName(name + "-abc").addToAnnotations("deployment.kubernetes.io/revision", "abc")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName(name)
                .withUid(deployment.getMetadata().getUid()).endOwnerReference().endMetadata().withNewSpec()
                .withNewSelector().addToMatchLabels("app", name).endSelector().endSpec().build()).create();
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/resources/deployments/" + name + "/revisions?namespace=shop")
                .then().statusCode(200);
    }

    @Test
    void aPodAskingForMoreThanAnyNodeHasFitsNowhere() {
        String name = "huge-" + UUID.randomUUID().toString().substring(0, 6);
        sandbox().client().apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", name)
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("nginx").withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("100"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("1Ti")).endResources().endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/resources/deployments/" + name + "/placement?namespace=shop")
                .then().statusCode(200).body("fitting", equalTo(0))
                .body("nodes.verdict", everyItem(equalTo("does-not-fit")))
                .body("nodes.find { it.node == 'worker-a' }.reasons", hasItem(containsString("insufficient cpu")))
                .body("nodes.find { it.node == 'worker-a' }.reasons", hasItem(containsString("insufficient memory")));
    }

    @Test
    void zoneAntiAffinityIsUnknownNotFits() {
        String name = "zoned-" + UUID.randomUUID().toString().substring(0, 6);
        sandbox().client().apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", name)
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .withNewAffinity().withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withTopologyKey("topology.kubernetes.io/zone").withNewLabelSelector().addToMatchLabels("app", name)
                .endLabelSelector().endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity()
                .addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().endTemplate().endSpec().build()).create();
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/resources/deployments/" + name + "/placement?namespace=shop")
                .then().statusCode(200)
                .body("nodes.find { it.node == 'worker-a' }.verdict", equalTo("unknown"))
                .body("nodes.find { it.node == 'worker-a' }.fits", equalTo(false));
    }

    @Test
    void aFanOutNamesAtMostTheCapOfClusters() {
        String many = IntStream.range(0, 51).mapToObj(i -> "c" + i).collect(Collectors.joining(","));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/resources/pods?clusters=" + many)
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("at most 50"));
    }

    @Test
    void anUnknownClusterInACompareIsA404NotMissing() {
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/compare/deployments/cart?namespace=shop&clusters=trust,nowhere")
                .then().statusCode(404).contentType(PROBLEM);
    }
}
