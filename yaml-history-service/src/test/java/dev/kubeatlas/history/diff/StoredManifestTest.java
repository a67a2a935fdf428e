package dev.kubeatlas.history.diff;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredManifestTest {

    @Test
    void yamlKeepsStringsThatLookLikeOtherTypesStrings() {
        JsonNode manifest = StoredManifest.parse("""
                {"kind":"ResourceQuota","metadata":{"labels":{"enabled":"true","version":"1.10","nothing":"null",
                 "answer":"yes"}},"spec":{"hard":{"requests.cpu":"4","pods":"10"}},"data":{"n":3}}""");
        JsonNode back = StoredManifest.parseYaml(StoredManifest.yaml(manifest));
        assertThat(back).isEqualTo(manifest);
    }
}
