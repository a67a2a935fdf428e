package dev.kubeatlas.history.service.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldDiffTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void namedListItemsAreMatchedByNameAndVolatileMetadataIsIgnored() throws Exception {
        JsonNode a = json("""
                {"metadata":{"name":"cart","resourceVersion":"1","labels":{"app":"cart"}},
                 "spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"sidecar","image":"envoy"},{"name":"cart","image":"cart:1"}]}}}}""");
        JsonNode b = json("""
                {"metadata":{"name":"cart","resourceVersion":"2","labels":{"app":"cart","tier":"web"}},
                 "spec":{"replicas":5,"template":{"spec":{"containers":[{"name":"cart","image":"cart:2"},{"name":"sidecar","image":"envoy"}]}}}}""");
        var changes = FieldDiff.between(a, b);
        assertThat(changes).extracting(FieldDiff.Change::path)
                .containsExactly("metadata.labels.tier", "spec.replicas", "spec.template.spec.containers[cart].image");
        assertThat(FieldDiff.summary(changes)).isEqualTo("metadata.labels.tier +web; spec.replicas 3→5; containers[cart].image cart:1→cart:2");
    }

    @Test
    void longSummariesAreCut() throws Exception {
        JsonNode a = json("{\"data\":{\"a\":\"1\",\"b\":\"1\",\"c\":\"1\",\"d\":\"1\",\"e\":\"1\",\"f\":\"1\"}}");
        JsonNode b = json("{\"data\":{\"a\":\"2\",\"b\":\"2\",\"c\":\"2\",\"d\":\"2\",\"e\":\"2\",\"f\":\"2\"}}");
        assertThat(FieldDiff.summary(FieldDiff.between(a, b))).endsWith("(+2 more)");
    }

    @Test
    void manifestsNestedTooDeeplyAreRefusedWith422() {
        JsonNode deep = StoredManifestTest.nested(900);
        assertThatThrownBy(() -> FieldDiff.between(deep, StoredManifestTest.nested(899)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(422));
        assertThatThrownBy(() -> FieldDiff.withoutVolatile(deep))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(422));
    }
}
