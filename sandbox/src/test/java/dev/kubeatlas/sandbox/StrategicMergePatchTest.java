package dev.kubeatlas.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrategicMergePatchTest {

    static final String DEPLOYMENT = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web","tier":"front"},
             "finalizers":["a"]},
             "spec":{"replicas":1,"template":{"spec":{
               "containers":[
                 {"name":"app","image":"app:1","args":["--a"],
                  "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
                  "ports":[{"containerPort":8080,"name":"http"},{"containerPort":9090,"name":"metrics"}],
                  "volumeMounts":[{"name":"data","mountPath":"/data"},{"name":"tmp","mountPath":"/tmp"}]},
                 {"name":"proxy","image":"proxy:1"}],
               "initContainers":[{"name":"init","image":"init:1"}],
               "volumes":[{"name":"data","emptyDir":{}},{"name":"tmp","emptyDir":{}}],
               "imagePullSecrets":[{"name":"reg-a"}],
               "tolerations":[{"key":"a","operator":"Exists"}],
               "nodeSelector":{"zone":"a","disk":"ssd"}}}}}
            """;

    static ObjectNode patch(String original, String patch) {
        return StrategicMergePatch.apply((ObjectNode) node(original), (ObjectNode) node(patch));
    }

    static JsonNode node(String json) {
        return Serialization.unmarshal(json, JsonNode.class);
    }

    /** The field of each item of a list. */
    static List<String> values(JsonNode list, String field) {
        List<String> values = new ArrayList<>();
        list.forEach(item -> values.add(item.path(field).asText()));
        return values;
    }

    static JsonNode podSpec(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec");
    }

    @Test
    void oneContainersImageKeepsTheOtherContainers() {
        JsonNode result = patch(DEPLOYMENT, """
                {"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:2"}]}}}}""");
        JsonNode containers = podSpec(result).path("containers");
        assertThat(containers).hasSize(2);
        assertThat(containers.get(0).path("image").asText()).isEqualTo("app:2");
        assertThat(containers.get(0).path("env")).hasSize(2);
        assertThat(containers.get(1).path("name").asText()).isEqualTo("proxy");
        assertThat(containers.get(1).path("image").asText()).isEqualTo("proxy:1");
        assertThat(podSpec(result).path("initContainers")).hasSize(1);
    }

    @Test
    void leavesTheOriginalUntouched() {
        ObjectNode original = (ObjectNode) node(DEPLOYMENT);
        StrategicMergePatch.apply(original, (ObjectNode) node("{\"spec\":{\"replicas\":5}}"));
        assertThat(original).isEqualTo(node(DEPLOYMENT));
    }

    @Test
    void envPortsAndMountsMergeByTheirKeys() {
        JsonNode app = podSpec(patch(DEPLOYMENT, """
                {"spec":{"template":{"spec":{"containers":[{"name":"app",
                  "env":[{"name":"B","value":"two"},{"name":"C","value":"3"}],
                  "ports":[{"containerPort":9090,"name":"prom"}],
                  "volumeMounts":[{"mountPath":"/tmp","name":"scratch"}]}]}}}}"""))
                .path("containers").get(0);
        assertThat(values(app.path("env"), "value")).containsExactly("1", "two", "3");
        assertThat(values(app.path("ports"), "name")).containsExactly("http", "prom");
        assertThat(values(app.path("volumeMounts"), "name")).containsExactly("data", "scratch");
    }

    @Test
    void volumesAndPullSecretsMergeByNameTolerationsAndArgsAreReplaced() {
        JsonNode spec = podSpec(patch(DEPLOYMENT, """
                {"spec":{"template":{"spec":{
                  "volumes":[{"name":"cache","emptyDir":{}}],
                  "imagePullSecrets":[{"name":"reg-b"}],
                  "tolerations":[{"key":"b","operator":"Exists"}],
                  "containers":[{"name":"app","args":["--b"]}]}}}}"""));
        assertThat(values(spec.path("volumes"), "name")).containsExactly("data", "tmp", "cache");
        assertThat(values(spec.path("imagePullSecrets"), "name")).containsExactly("reg-a", "reg-b");
        assertThat(values(spec.path("tolerations"), "key")).containsExactly("b");
        assertThat(spec.path("containers").get(0).path("args")).containsExactly(node("\"--b\""));
    }

    @Test
    void deleteAndReplaceDirectivesOnListItemsAndMaps() {
        JsonNode spec = podSpec(patch(DEPLOYMENT, """
                {"spec":{"template":{"spec":{
                  "containers":[{"name":"proxy","$patch":"delete"},
                                {"name":"app","env":[{"name":"A","$patch":"delete"}]}],
                  "volumes":[{"$patch":"replace"},{"name":"only","emptyDir":{}}],
                  "nodeSelector":{"$patch":"replace","zone":"b"}}}}}"""));
        assertThat(values(spec.path("containers"), "name")).containsExactly("app");
        assertThat(values(spec.path("containers").get(0).path("env"), "name")).containsExactly("B");
        assertThat(values(spec.path("volumes"), "name")).containsExactly("only");
        assertThat(spec.path("nodeSelector")).isEqualTo(node("{\"zone\":\"b\"}"));

        JsonNode deleted = podSpec(patch(DEPLOYMENT, "{\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\"$patch\":\"delete\"}}}}}"));
        assertThat(deleted.has("nodeSelector")).isFalse();
    }

    @Test
    void nullRemovesAKeyAndNoDirectiveIsLeftInTheObject() {
        JsonNode result = patch(DEPLOYMENT, """
                {"metadata":{"labels":{"tier":null}},
                 "spec":{"template":{"spec":{"nodeSelector":{"disk":null},
                   "$setElementOrder/containers":[{"name":"app"},{"name":"proxy"}],
                   "containers":[{"name":"sidecar","image":"s:1","env":[{"name":"X","value":null}]}]}}}}""");
        assertThat(result.path("metadata").path("labels")).isEqualTo(node("{\"app\":\"web\"}"));
        assertThat(podSpec(result).path("nodeSelector")).isEqualTo(node("{\"zone\":\"a\"}"));
        assertThat(values(podSpec(result).path("containers"), "name")).containsExactly("app", "proxy", "sidecar");
        assertThat(result.toString()).doesNotContain("$setElementOrder", "$patch", "null");
    }

    @Test
    void finalizersMergeAsASetAndRetainKeysClearsTheRest() {
        JsonNode result = patch(DEPLOYMENT, """
                {"metadata":{"finalizers":["a","b"]},
                 "spec":{"template":{"spec":{"nodeSelector":{"$retainKeys":["zone"],"zone":"c"}}}}}""");
        assertThat(result.path("metadata").path("finalizers")).containsExactly(node("\"a\""), node("\"b\""));
        assertThat(podSpec(result).path("nodeSelector")).isEqualTo(node("{\"zone\":\"c\"}"));

        JsonNode removed = patch(DEPLOYMENT, "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"a\"]}}");
        assertThat(removed.path("metadata").path("finalizers")).isEmpty();
    }

    @Test
    void servicePortsMergeByPort() {
        JsonNode result = patch("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
                 "spec":{"ports":[{"port":80,"targetPort":8080},{"port":443,"targetPort":8443}]}}""",
                "{\"spec\":{\"ports\":[{\"port\":443,\"targetPort\":9443}]}}");
        assertThat(values(result.path("spec").path("ports"), "targetPort")).containsExactly("8080", "9443");
    }

    @Test
    void anItemWithoutItsMergeKeyIsRefused() {
        assertThatThrownBy(() -> patch(DEPLOYMENT, "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}}}"))
                .isInstanceOf(StrategicMergePatch.InvalidPatchException.class)
                .hasMessageContaining("does not contain declared merge key: name");
        assertThatThrownBy(() -> patch(DEPLOYMENT, "{\"spec\":{\"$patch\":\"explode\"}}"))
                .isInstanceOf(StrategicMergePatch.InvalidPatchException.class);
    }
}
