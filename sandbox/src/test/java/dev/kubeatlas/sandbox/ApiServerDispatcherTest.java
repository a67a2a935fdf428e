package dev.kubeatlas.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The sandbox answers writes as an API server does: dry runs, merge patches, names and namespaces. */
class ApiServerDispatcherTest {

    static SandboxCluster sandbox;
    static KubernetesClient client;

    @BeforeAll
    static void start() {
        sandbox = SandboxCluster.start("127.0.0.1", 0).seedDemoShop();
        client = sandbox.client();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
                .addToData("greeting", "hello").build();
    }

    static Deployment twoContainers(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("shop")
                .addToLabels("app", name).addToLabels("tier", "front").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addToNodeSelector("zone", "a")
                .addNewContainer().withName("app").withImage("shop/app:1").addNewEnv().withName("MODE").withValue("a").endEnv().endContainer()
                .addNewContainer().withName("proxy").withImage("envoy:1.30").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    /** What the store holds for {@code object}, as JSON, to prove a dry run left it as it was. */
    static String stored(HasMetadata object) {
        HasMetadata current = client.resource(object).get();
        return current == null ? null : Serialization.asJson(current);
    }

    static KubernetesClientException failure(ThrowingCallable call) {
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, call);
        assertThat(e).as("the request fails").isNotNull();
        return e;
    }

    // --- dry runs -------------------------------------------------------------------------------------------------

    @Test
    void aDryRunCreateAnswersTheWouldBeObjectAndStoresNothing() {
        ConfigMap wanted = configMap(unique("dry-create"));
        ConfigMap answer = client.resource(wanted).dryRun().create();
        assertThat(answer.getMetadata().getName()).isEqualTo(wanted.getMetadata().getName());
        assertThat(answer.getMetadata().getUid()).isNotBlank();
        assertThat(answer.getMetadata().getCreationTimestamp()).isNotBlank();
        assertThat(answer.getMetadata().getResourceVersion()).isNull();
        assertThat(answer.getData()).containsEntry("greeting", "hello");
        assertThat(client.resource(wanted).get()).isNull();
    }

    @Test
    void aDryRunCreateFailsAsTheRealOneWould() {
        ConfigMap existing = client.resource(configMap(unique("taken"))).create();
        ConfigMap again = configMap(existing.getMetadata().getName());
        KubernetesClientException conflict = failure(() -> client.resource(again).dryRun().create());
        assertThat(conflict.getCode()).isEqualTo(409);
        assertThat(conflict.getStatus().getReason()).isEqualTo("AlreadyExists");
        assertThat(failure(() -> client.resource(configMap("Bad_Name")).dryRun().create()).getCode()).isEqualTo(422);
    }

    @Test
    void aDryRunUpdateAnswersTheChangeAndStoresNothing() {
        Deployment deployment = client.resource(twoContainers(unique("dry-update"))).create();
        String before = stored(deployment);
        deployment.getSpec().setReplicas(7);
        Deployment answer = client.resource(deployment).dryRun().update();
        assertThat(answer.getSpec().getReplicas()).isEqualTo(7);
        assertThat(answer.getMetadata().getResourceVersion()).isEqualTo(deployment.getMetadata().getResourceVersion());
        assertThat(stored(deployment)).isEqualTo(before);
    }

    @Test
    void aDryRunPatchOfEachKindAnswersTheChangeAndStoresNothing() {
        Deployment deployment = client.resource(twoContainers(unique("dry-patch"))).create();
        String before = stored(deployment);
        var target = client.apps().deployments().inNamespace("shop").withName(deployment.getMetadata().getName());

        Deployment merged = target.dryRun().patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":4}}");
        assertThat(merged.getSpec().getReplicas()).isEqualTo(4);
        Deployment strategic = target.dryRun().patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"shop/app:2\"}]}}}}");
        assertThat(strategic.getSpec().getTemplate().getSpec().getContainers()).extracting(c -> c.getImage())
                .containsExactly("shop/app:2", "envoy:1.30");
        Deployment json = target.dryRun().patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]");
        assertThat(json.getSpec().getReplicas()).isEqualTo(5);

        assertThat(stored(deployment)).isEqualTo(before);
    }

    @Test
    void aDryRunDeleteKeepsTheObject() throws Exception {
        ConfigMap kept = client.resource(configMap(unique("dry-delete"))).create();
        String before = stored(kept);
        // fabric8 (and kubectl) send dryRun in the DeleteOptions body
        assertThat(client.resource(kept).dryRun().delete()).isNotEmpty();
        assertThat(stored(kept)).isEqualTo(before);

        // ... others as ?dryRun=All
        String path = "/api/v1/namespaces/shop/configmaps/" + kept.getMetadata().getName();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.url() + path + "?dryRun=All"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains(kept.getMetadata().getName());
        assertThat(stored(kept)).isEqualTo(before);

        assertThat(client.resource(kept).delete()).isNotEmpty();
        assertThat(client.resource(kept).get()).isNull();
    }

    @Test
    void aDryRunDeleteOfAMissingObjectIsNotFound() {
        assertThat(client.resource(configMap(unique("never"))).dryRun().delete()).isEmpty();
    }

    @Test
    void anUnknownDryRunValueIsABadRequest() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.url() + "/api/v1/namespaces/shop/configmaps?dryRun=Maybe"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Serialization.asJson(configMap(unique("maybe"))))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(client.configMaps().inNamespace("shop").list().getItems()).noneMatch(c -> c.getMetadata().getName().startsWith("maybe-"));
    }

    // --- patches --------------------------------------------------------------------------------------------------

    @Test
    void aStrategicMergePatchOfOneContainersImageKeepsTheOtherContainers() {
        Deployment deployment = client.resource(twoContainers(unique("smp"))).create();
        client.apps().deployments().inNamespace("shop").withName(deployment.getMetadata().getName())
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), """
                        {"spec":{"template":{"spec":{"containers":[
                          {"name":"app","image":"shop/app:2","env":[{"name":"LEVEL","value":"debug"}]}]}}}}""");
        Deployment patched = client.resource(deployment).get();
        var containers = patched.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).extracting(c -> c.getName()).containsExactly("app", "proxy");
        assertThat(containers).extracting(c -> c.getImage()).containsExactly("shop/app:2", "envoy:1.30");
        assertThat(containers.get(0).getEnv()).extracting(e -> e.getName()).containsExactly("MODE", "LEVEL");
        assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(patched.getMetadata().getResourceVersion()).isNotEqualTo(deployment.getMetadata().getResourceVersion());
    }

    @Test
    void aStrategicMergePatchOfACustomResourceIsUnsupportedAsOnTheApiServer() {
        var routes = client.genericKubernetesResources("traefik.io/v1alpha1", "IngressRoute").inNamespace("shop").withName("frontend");
        String before = Serialization.asJson(routes.get());
        KubernetesClientException e = failure(() -> routes.patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{}}"));
        assertThat(e.getCode()).isEqualTo(415);
        assertThat(Serialization.asJson(routes.get())).isEqualTo(before);
    }

    @Test
    void aStrategicMergePatchWithoutTheMergeKeyIsABadRequest() {
        Deployment deployment = client.resource(twoContainers(unique("smp-bad"))).create();
        KubernetesClientException e = failure(() -> client.apps().deployments().inNamespace("shop")
                .withName(deployment.getMetadata().getName()).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}}}"));
        assertThat(e.getCode()).isEqualTo(400);
        assertThat(e.getStatus().getMessage()).contains("merge key: name");
    }

    @Test
    void aJsonMergePatchNullRemovesTheField() {
        Deployment deployment = client.resource(twoContainers(unique("jmp"))).create();
        client.apps().deployments().inNamespace("shop").withName(deployment.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"labels\":{\"tier\":null}},\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":null}}}}");
        GenericKubernetesResource patched = client.genericKubernetesResources("apps/v1", "Deployment").inNamespace("shop")
                .withName(deployment.getMetadata().getName()).get();
        assertThat(patched.getMetadata().getLabels()).containsOnlyKeys("app");
        Map<String, Object> podSpec = patched.get("spec", "template", "spec");
        assertThat(podSpec).doesNotContainKey("nodeSelector").containsKey("containers");
    }

    @Test
    void aPatchOfAMissingObjectIsNotFound() {
        KubernetesClientException e = failure(() -> client.apps().deployments().inNamespace("shop").withName(unique("gone"))
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":2}}"));
        assertThat(e.getCode()).isEqualTo(404);
    }

    // --- names and namespaces -------------------------------------------------------------------------------------

    static void assertInvalidName(KubernetesClientException e, String name) {
        assertThat(e.getCode()).isEqualTo(422);
        Status status = e.getStatus();
        assertThat(status.getReason()).isEqualTo("Invalid");
        assertThat(status.getDetails().getName()).isEqualTo(name);
        assertThat(status.getDetails().getCauses()).isNotEmpty()
                .allSatisfy(cause -> assertThat(cause.getField()).isEqualTo("metadata.name"));
    }

    @Test
    void anInvalidNameIsUnprocessableAndNothingIsStored() {
        assertInvalidName(failure(() -> client.resource(configMap("Bad_Name")).create()), "Bad_Name");
        assertThat(client.configMaps().inNamespace("shop").list().getItems())
                .noneMatch(c -> c.getMetadata().getName().equalsIgnoreCase("bad_name"));
        String tooLong = "a".repeat(254);
        assertInvalidName(failure(() -> client.resource(configMap(tooLong)).create()), tooLong);
    }

    @Test
    void namespacesAndServicesTakeLabels() {
        assertInvalidName(failure(() -> client.resource(new NamespaceBuilder().withNewMetadata().withName("shop.v2")
                .endMetadata().build()).create()), "shop.v2");
        assertThat(client.namespaces().withName("shop.v2").get()).isNull();
        assertInvalidName(failure(() -> client.resource(new ServiceBuilder().withNewMetadata().withName("web.v2")
                .withNamespace("shop").endMetadata().build()).create()), "web.v2");
        assertThat(client.services().inNamespace("shop").withName("web.v2").get()).isNull();
        // RBAC names are path segments: the API server's own roles have colons
        assertThat(client.resource(new ClusterRoleBuilder().withNewMetadata().withName("system:" + unique("demo"))
                .endMetadata().build()).create()).isNotNull();
    }

    @Test
    void aMissingNameIsUnprocessableAndGenerateNameMakesOne() {
        ConfigMap nameless = new ConfigMapBuilder().withNewMetadata().withNamespace("shop").endMetadata().build();
        KubernetesClientException e = failure(() -> client.resource(nameless).create());
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(e.getStatus().getDetails().getCauses()).singleElement()
                .satisfies(cause -> assertThat(cause.getField()).isEqualTo("metadata.name"));

        ConfigMap generated = client.resource(new ConfigMapBuilder().withNewMetadata().withGenerateName("report-")
                .withNamespace("shop").endMetadata().build()).create();
        assertThat(generated.getMetadata().getName()).matches("report-[a-z0-9]{5}");
        assertThat(client.configMaps().inNamespace("shop").withName(generated.getMetadata().getName()).get()).isNotNull();
    }

    @Test
    void aCreateInAMissingNamespaceIsNotFound() {
        ConfigMap lost = new ConfigMapBuilder().withNewMetadata().withName("lost").withNamespace("atlantis").endMetadata().build();
        KubernetesClientException e = failure(() -> client.resource(lost).create());
        assertThat(e.getCode()).isEqualTo(404);
        assertThat(e.getStatus().getReason()).isEqualTo("NotFound");
        assertThat(e.getStatus().getMessage()).isEqualTo("namespaces \"atlantis\" not found");
        assertThat(client.configMaps().inNamespace("atlantis").list().getItems()).isEmpty();

        // seeded namespaces, the system ones, and one created now all take objects
        for (String namespace : List.of("shop", "shop-data", "default")) {
            ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(unique("here")).withNamespace(namespace)
                    .endMetadata().build();
            assertThat(client.resource(cm).create().getMetadata().getNamespace()).isEqualTo(namespace);
        }
        String fresh = unique("fresh");
        client.resource(new NamespaceBuilder().withNewMetadata().withName(fresh).endMetadata().build()).create();
        assertThat(client.resource(new ConfigMapBuilder().withNewMetadata().withName("ok").withNamespace(fresh)
                .endMetadata().build()).create()).isNotNull();
    }

    @Test
    void aStaleResourceVersionOnUpdateIsAConflict() {
        ConfigMap created = client.resource(configMap(unique("stale"))).create();
        ConfigMap first = new ConfigMapBuilder(created).addToData("by", "first").build();
        client.resource(first).update();
        ConfigMap second = new ConfigMapBuilder(created).addToData("by", "second").build();
        KubernetesClientException e = failure(() -> client.resource(second).update());
        assertThat(e.getCode()).isEqualTo(409);
        assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
        assertThat(client.resource(created).get().getData()).containsEntry("by", "first");
    }
}
