package dev.kubeatlas.workload;

import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.testing.ClusterServiceWireMock;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
@QuarkusTestResource(ClusterServiceWireMock.class)
class ResourceApiTest {

    static final String PROBLEM = "application/problem+json";
    static final String SHOP = "/api/v1/clusters/shop";

    @BeforeEach
    void theShopClusterIsRegistered() {
        ClusterServiceWireMock.serve("shop", sandbox().kubeconfig("shop", "token-" + UUID.randomUUID()), 1);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void discoveryListsBuiltInAndCustomTypes() {
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/api-resources")
                .then().statusCode(200)
                .body("items.qualifiedName", hasItem("deployments.apps"))
                .body("items.qualifiedName", hasItem("ingressroutes.traefik.io"))
                .body("items.find { it.plural == 'deployments' }.subresources", hasItem("scale"));
    }

    @Test
    void listsAndFiltersPodsAsJsonOrYaml() {
        given().auth().oauth2(Tokens.viewer()).queryParam("namespace", "shop").queryParam("labelSelector", "app=cart")
                .get(SHOP + "/resources/po")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].metadata.labels.app", equalTo("cart"))
                .body("items.metadata.managedFields", everyItem(equalTo(null)));
        String yaml = given().auth().oauth2(Tokens.viewer()).accept("application/yaml").queryParam("namespace", "shop")
                .get(SHOP + "/resources/deployments.apps/cart")
                .then().statusCode(200).contentType("application/yaml").extract().asString();
        assertThat(yaml).contains("kind: Deployment").contains("name: cart");
    }

    @Test
    void customResourcesWorkByEveryNameKubectlAccepts() {
        for (String name : new String[]{"ingressroutes", "ingressroute", "IngressRoute", "ingressroutes.traefik.io"}) {
            given().auth().oauth2(Tokens.viewer()).queryParam("namespace", "shop")
                    .get(SHOP + "/resources/" + name)
                    .then().statusCode(200).body("items[0].kind", equalTo("IngressRoute"));
        }
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/resources/clonesets")
                .then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("OpenKruise")).body("detail", containsString("apps.kruise.io"));
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/resources/frobnicators")
                .then().statusCode(404).contentType(PROBLEM).body("detail", containsString("frobnicators"));
    }

    @Test
    void crdsAreListedWithScopeAndVersions() {
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/crds?schema=true")
                .then().statusCode(200)
                .body("items.find { it.kind == 'IngressRoute' }.resource", equalTo("ingressroutes.traefik.io"))
                .body("items.find { it.kind == 'IngressRoute' }.scope", equalTo("Namespaced"))
                .body("items.find { it.kind == 'IngressRoute' }.versions[0].served", equalTo(true));
    }

    @Test
    void anUnknownClusterIs404() {
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/nowhere/resources/pods")
                .then().statusCode(404).contentType(PROBLEM).body("detail", containsString("nowhere"));
    }

    @Test
    void createPatchReplaceAndDeleteAConfigMapFromYaml() {
        String name = unique("settings");
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  namespace: shop
                data:
                  mode: fast
                """.formatted(name);
        given().auth().oauth2(Tokens.operator()).contentType("application/yaml").body(yaml.getBytes())
                .post(SHOP + "/resources/configmaps")
                .then().statusCode(201).header("Location", containsString(name)).body("data.mode", equalTo("fast"));

        given().auth().oauth2(Tokens.operator()).contentType("application/merge-patch+json")
                .body(Map.of("data", Map.of("mode", "safe"))).queryParam("namespace", "shop")
                .patch(SHOP + "/resources/cm/" + name)
                .then().statusCode(200).body("data.mode", equalTo("safe"));
        assertThat(sandbox().client().configMaps().inNamespace("shop").withName(name).get().getData())
                .containsEntry("mode", "safe");

        given().auth().oauth2(Tokens.operator()).contentType("application/json-patch+json")
                .body("[{\"op\":\"add\",\"path\":\"/data/extra\",\"value\":\"1\"}]").queryParam("namespace", "shop")
                .patch(SHOP + "/resources/configmaps/" + name)
                .then().statusCode(200).body("data.extra", equalTo("1"));

        given().auth().oauth2(Tokens.operator()).queryParam("namespace", "shop")
                .delete(SHOP + "/resources/configmaps/" + name).then().statusCode(204);
        assertThat(sandbox().client().configMaps().inNamespace("shop").withName(name).get()).isNull();
        given().auth().oauth2(Tokens.operator()).queryParam("namespace", "shop")
                .delete(SHOP + "/resources/configmaps/" + name).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void badManifestsAre400WithLineAndColumn() {
        given().auth().oauth2(Tokens.operator()).contentType("application/yaml")
                .body("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n".getBytes())
                .post(SHOP + "/resources/configmaps?namespace=shop")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("line"));
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body("{\"kind\": ")
                .post(SHOP + "/resources/configmaps?namespace=shop")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("column"));
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body("{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}")
                .post(SHOP + "/resources/configmaps?namespace=shop")
                .then().statusCode(400).contentType(PROBLEM).body("type", containsString("kind-mismatch"));
    }

    @Test
    void aBodyOver2MiBIs413() {
        String big = "{\"data\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(big)
                .post(SHOP + "/resources/configmaps?namespace=shop")
                .then().statusCode(413).contentType(PROBLEM);
    }

    @Test
    void viewersReadOperatorsChangeNamespacedAdminsClusterScoped() {
        given().auth().oauth2(Tokens.viewer()).contentType(ContentType.JSON)
                .body(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", unique("v"))))
                .post(SHOP + "/resources/configmaps?namespace=shop")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Tokens.operator()).contentType("application/merge-patch+json")
                .body(Map.of("metadata", Map.of("labels", Map.of("team", "x"))))
                .patch(SHOP + "/resources/nodes/worker-a")
                .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("admin"));
        given().auth().oauth2(Tokens.operator()).contentType("application/merge-patch+json")
                .body(Map.of("spec", Map.of("hard", Map.of("pods", "50"))))
                .patch(SHOP + "/resources/resourcequotas/shop-quota?namespace=shop")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/audit?actor=operator&outcome=failure&resource=nodes")
                .then().statusCode(200).body("items[0].status", equalTo(403)).body("items[0].action", equalTo("patch"));
    }

    @Test
    void theAuditTrailPagesNewestFirstWithAContinueToken() {
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(Tokens.operator()).contentType("application/merge-patch+json")
                    .body(Map.of("metadata", Map.of("labels", Map.of("page", "p" + i))))
                    .patch(SHOP + "/resources/nodes/worker-a")
                    .then().statusCode(403);
        }
        List<Integer> ids = new ArrayList<>();
        String token = null;
        for (int page = 0; page < 3; page++) {
            var body = given().auth().oauth2(Tokens.viewer())
                    .queryParam("actor", "operator").queryParam("resource", "nodes").queryParam("limit", 1)
                    .queryParams(token == null ? Map.of() : Map.of("continue", token))
                    .get("/api/v1/audit").then().statusCode(200).body("items", hasSize(1)).extract().jsonPath();
            ids.add(body.getInt("items[0].id"));
            token = body.getString("continue");
            assertThat(token).as("page %d has a next page", page).isNotBlank();
        }
        assertThat(ids).doesNotHaveDuplicates().isSortedAccordingTo(Comparator.reverseOrder());
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/audit?continue=" + ids.get(0))
                .then().statusCode(400).contentType(PROBLEM).body("type", endsWith("/invalid-continue"));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/audit?limit=1000&actor=nobody-" + unique("x"))
                .then().statusCode(200).body("items", hasSize(0)).body("$", not(hasKey("continue")));
    }

    @Test
    void secretValuesAreHiddenUnlessAnAdminAsksAndThatIsAudited() {
        String name = unique("creds");
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("apiVersion", "v1", "kind", "Secret", "metadata", Map.of("name", name),
                        "data", Map.of("password", "aHVudGVyMg==")))
                .post(SHOP + "/resources/secrets?namespace=shop")
                .then().statusCode(201).body("data.password", equalTo("<redacted>"));
        given().auth().oauth2(Tokens.operator()).get(SHOP + "/resources/secrets/" + name + "?namespace=shop")
                .then().statusCode(200).body("data.password", equalTo("<redacted>")).body(not(containsString("aHVudGVyMg==")));
        given().auth().oauth2(Tokens.operator()).get(SHOP + "/resources/secrets/" + name + "?namespace=shop&reveal=true")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Tokens.admin()).get(SHOP + "/resources/secrets/" + name + "?namespace=shop&reveal=true")
                .then().statusCode(200).body("data.password", equalTo("aHVudGVyMg=="));
        given().auth().oauth2(Tokens.operator()).contentType("application/merge-patch+json")
                .body(Map.of("data", Map.of("password", "<redacted>")))
                .patch(SHOP + "/resources/secrets/" + name + "?namespace=shop")
                .then().statusCode(422).contentType(PROBLEM);
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/audit?action=reveal&actor=admin")
                .then().statusCode(200).body("items[0].name", equalTo(name)).body("items[0].outcome", equalTo("success"));

        // a list with the values, as backups read it: admins and services only, audited
        given().auth().oauth2(Tokens.operator()).get(SHOP + "/resources/secrets?namespace=shop")
                .then().statusCode(200).body("items.find { it.metadata.name == '" + name + "' }.data.password", equalTo("<redacted>"));
        given().auth().oauth2(Tokens.operator()).get(SHOP + "/resources/secrets?namespace=shop&reveal=true")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Tokens.service()).get(SHOP + "/resources/secrets?namespace=shop&reveal=true")
                .then().statusCode(200).body("items.find { it.metadata.name == '" + name + "' }.data.password", equalTo("aHVudGVyMg=="));
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/audit?action=reveal&resource=secrets")
                .then().statusCode(200).body("items[0].name", nullValue()).body("items[0].namespace", equalTo("shop"))
                .body("items[0].detail", containsString("revealed"));
    }

    @Test
    void scalingADeploymentChangesTheClusterAndIsAudited() {
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("replicas", 4))
                .post(SHOP + "/resources/deploy/frontend/scale?namespace=shop")
                .then().statusCode(200).body("spec.replicas", equalTo(4));
        Deployment frontend = sandbox().client().apps().deployments().inNamespace("shop").withName("frontend").get();
        assertThat(frontend.getSpec().getReplicas()).isEqualTo(4);

        var audits = KafkaBroker.read(Topics.AUDIT, r -> r.value().contains("\"scale\"") && r.value().contains("frontend"),
                Duration.ofSeconds(20));
        assertThat(audits).isNotEmpty();
        var data = EventCodec.decode(audits.get(audits.size() - 1).value(), EventTypes.AUDIT_RECORDED).data();
        assertThat(data.actor()).isEqualTo("operator");
        assertThat(data.roles()).contains("operator");
        assertThat(data.detail()).endsWith("-> 4");
        assertThat(data.outcome()).isEqualTo("success");

        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("replicas", -1))
                .post(SHOP + "/resources/deploy/frontend/scale?namespace=shop")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("replicas", 1))
                .post(SHOP + "/resources/configmaps/frontend-config/scale?namespace=shop")
                .then().statusCode(422).contentType(PROBLEM);
    }

    @Test
    void restartStampsTheTemplateAndRevisionsAreListed() {
        given().auth().oauth2(Tokens.operator()).post(SHOP + "/resources/deployments/cart/restart?namespace=shop")
                .then().statusCode(200)
                .body("spec.template.metadata.annotations.'kubectl.kubernetes.io/restartedAt'", startsWith("20"));
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/resources/deployments/cart/revisions?namespace=shop")
                .then().statusCode(200).body("items[0].images[0]", containsString("cart"));
        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/resources/deployments/cart/rollout-status?namespace=shop")
                .then().statusCode(200).body("message", not(equalTo(null)));
        given().auth().oauth2(Tokens.operator()).post(SHOP + "/resources/deployments/cart/explode?namespace=shop")
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void undoPutsTheTemplateOfThePreviousRevisionBack() {
        var deployments = sandbox().client().apps().deployments().inNamespace("shop");
        var current = deployments.withName("frontend").get();
        String oldImage = current.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        // a rollout to revision 2, as the deployment controller would have made it
        var rs = sandbox().client().apps().replicaSets().inNamespace("shop").withName("frontend-9ecc8459e").get();
        var next = new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder(rs).editMetadata()
                .withName("frontend-2b").withResourceVersion(null).withUid(null)
                .addToAnnotations("deployment.kubernetes.io/revision", "2").addToLabels("pod-template-hash", "2b")
                .withOwnerReferences(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("apps/v1")
                        .withKind("Deployment").withName("frontend").withUid(current.getMetadata().getUid()).withController(true).build())
                .endMetadata().editSpec().editTemplate().editSpec().editFirstContainer().withImage(oldImage + "-next")
                .endContainer().endSpec().endTemplate().endSpec().build();
        sandbox().client().apps().replicaSets().inNamespace("shop").resource(next).create();
        deployments.withName("frontend").edit(d -> {
            d.getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", "2");
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(oldImage + "-next");
            return d;
        });

        given().auth().oauth2(Tokens.viewer()).get(SHOP + "/resources/deployments/frontend/revisions?namespace=shop")
                .then().statusCode(200).body("items[0].revision", equalTo(2)).body("items[0].current", equalTo(true));
        given().auth().oauth2(Tokens.operator()).post(SHOP + "/resources/deployments/frontend/undo?namespace=shop")
                .then().statusCode(200).body("spec.template.spec.containers[0].image", equalTo(oldImage));
        assertThat(deployments.withName("frontend").get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(oldImage);
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("revision", 7))
                .post(SHOP + "/resources/deployments/frontend/undo?namespace=shop")
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void cordonIsForAdmins() {
        given().auth().oauth2(Tokens.operator()).post(SHOP + "/resources/nodes/worker-b/cordon")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Tokens.admin()).post(SHOP + "/resources/nodes/worker-b/cordon")
                .then().statusCode(200).body("spec.unschedulable", equalTo(true));
        given().auth().oauth2(Tokens.admin()).post(SHOP + "/resources/nodes/worker-b/uncordon")
                .then().statusCode(200).body("spec.unschedulable", equalTo(null));
    }
}
