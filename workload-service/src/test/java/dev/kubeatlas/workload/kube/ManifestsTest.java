package dev.kubeatlas.workload.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestsTest {

    static final ApiResourceType SECRETS = new ApiResourceType("", "v1", "secrets", "secret", "Secret", true, List.of(),
            List.of("get"), List.of(), List.of());
    static final ApiResourceType CONFIG_MAPS = new ApiResourceType("", "v1", "configmaps", "configmap", "ConfigMap", true,
            List.of("cm"), List.of("get"), List.of(), List.of());

    static int status(Runnable call) {
        try {
            call.run();
        } catch (ProblemException e) {
            return e.status();
        }
        return 200;
    }

    @Test
    void aBodyIsOneJsonOrYamlObject() {
        assertThat(Manifests.parse("{\"kind\":\"ConfigMap\"}", "application/json").path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(Manifests.parse("kind: ConfigMap\nmetadata:\n  name: a\n", "application/yaml")
                .path("metadata").path("name").asText()).isEqualTo("a");
        assertThat(status(() -> Manifests.parse("[1]", "application/json"))).isEqualTo(400);
        assertThat(status(() -> Manifests.parse("{} {}", "application/json"))).isEqualTo(400);
        assertThat(status(() -> Manifests.parse("", "application/json"))).isEqualTo(400);
        assertThatThrownBy(() -> Manifests.parse("a: 1\n---\nb: 2\n", "application/yaml"))
                .isInstanceOf(ProblemException.class).hasMessageContaining("2 YAML documents");
    }

    @Test
    void aMalformedBodyIsNamedByPositionNeverQuoted() {
        assertThatThrownBy(() -> Manifests.parse("{\"password\": \"hunter2", "application/json"))
                .isInstanceOf(ProblemException.class).hasMessageContaining("line")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        String deep = "{\"a\":".repeat(Manifests.MAX_DEPTH + 1) + "1" + "}".repeat(Manifests.MAX_DEPTH + 1);
        assertThat(status(() -> Manifests.parse(deep, "application/json"))).isEqualTo(400);
    }

    @Test
    void secretValuesAreRedactedByTheResolvedTypeUnlessRevealed() {
        ObjectNode secret = Manifests.parse("{\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\",\"managedFields\":[{}]},"
                + "\"data\":{\"password\":\"aHVudGVyMg==\"}}", "application/json");

        ObjectNode shown = Manifests.present(SECRETS, secret, false);
        assertThat(shown.path("data").path("password").asText()).isEqualTo(Manifests.REDACTED);
        assertThat(shown.path("metadata").has("managedFields")).isFalse();
        assertThat(Manifests.present(SECRETS, secret, true).path("data").path("password").asText()).isEqualTo("aHVudGVyMg==");

        // an object calling itself a Secret is hidden whatever type was asked for
        assertThat(Manifests.present(CONFIG_MAPS, secret, false).path("data").path("password").asText())
                .isEqualTo(Manifests.REDACTED);
        // and a ConfigMap's data stays as it is
        ObjectNode configMap = Manifests.parse("{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{\"k\":\"v\"}}",
                "application/json");
        assertThat(Manifests.present(CONFIG_MAPS, configMap, false).path("data").path("k").asText()).isEqualTo("v");
    }

    @Test
    void theRedactedPlaceholderIsNeverWrittenBack() {
        ObjectNode secret = Manifests.parse("{\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"},\"data\":{\"p\":\""
                + Manifests.REDACTED + "\"}}", "application/json");
        assertThat(status(() -> Manifests.refuseRedactedValues(secret, true))).isEqualTo(422);
    }

    @Test
    void aJsonPatchMayNotReadSecretValues() {
        assertThat(status(() -> Manifests.refuseSecretReads(Manifests.parseJsonPatch(
                "[{\"op\":\"copy\",\"from\":\"/data/password\",\"path\":\"/metadata/annotations/x\"}]")))).isEqualTo(403);
        assertThat(status(() -> Manifests.refuseSecretReads(Manifests.parseJsonPatch(
                "[{\"op\":\"test\",\"path\":\"/data/password\",\"value\":\"x\"}]")))).isEqualTo(403);
        assertThat(status(() -> Manifests.refuseSecretReads(Manifests.parseJsonPatch(
                "[{\"op\":\"replace\",\"path\":\"/data/password\",\"value\":\"eA==\"}]")))).isEqualTo(200);
        assertThat(status(() -> Manifests.parseJsonPatch("{\"op\":\"add\"}"))).isEqualTo(400);
    }

    @Test
    void aKubeObjectIsConvertedAsTheObjectItHolds() {
        KubeObject object = KubeObject.fromManifest(Manifests.parse(
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"shop\"}}",
                "application/json"));
        assertThat(Manifests.toNode(object).path("metadata").path("name").asText()).isEqualTo("c");
        assertThat(Manifests.yaml(object)).contains("name: c").doesNotContain("resource");
    }
}
