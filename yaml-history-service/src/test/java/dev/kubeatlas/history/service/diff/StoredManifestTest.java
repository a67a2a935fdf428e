package dev.kubeatlas.history.service.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class StoredManifestTest {

    @Test
    void yamlKeepsStringsThatLookLikeOtherTypesStrings() {
        JsonNode manifest = StoredManifest.parse("""
                {"kind":"ResourceQuota","metadata":{"labels":{"enabled":"true","version":"1.10","nothing":"null",
                 "answer":"yes"}},"spec":{"hard":{"requests.cpu":"4","pods":"10"}},"data":{"n":3}}""");
        JsonNode back = StoredManifest.parseYaml(StoredManifest.yaml(manifest));
        assertThat(back).isEqualTo(manifest);
    }

    /** A ConfigMap with a field nested {@code levels} deep below it. */
    public static JsonNode nested(int levels) {
        return StoredManifest.parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"deep\","
                + "\"namespace\":\"shop\"},\"data\":{\"k\":\"v\"},\"nested\":" + "{\"a\":".repeat(levels) + "1"
                + "}".repeat(levels) + "}");
    }

    @Test
    void depthIsCountedWithoutRecursion() {
        assertThat(StoredManifest.depth(StoredManifest.parse("{\"a\":[{\"b\":1}],\"c\":2}"))).isEqualTo(3);
        assertThat(StoredManifest.depth(StoredManifest.parse("7"))).isZero();
        assertThat(StoredManifest.depth(nested(900))).isEqualTo(901);
    }

    @Test
    void aManifestNestedTooDeeplyIsRefusedWith422InsteadOfOverflowingTheStack() {
        assertThatThrownBy(() -> StoredManifest.yaml(nested(900)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(422));
        JsonNode deepest = nested(StoredManifest.MAX_DEPTH - 1);
        assertThat(StoredManifest.parseYaml(StoredManifest.yaml(deepest))).isEqualTo(deepest);
    }
}
