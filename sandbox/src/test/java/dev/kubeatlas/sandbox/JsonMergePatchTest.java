package dev.kubeatlas.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonMergePatchTest {

    static JsonNode node(String json) {
        return Serialization.unmarshal(json, JsonNode.class);
    }

    @Test
    void nullRemovesTheFieldAtAnyDepthAndListsAreReplaced() {
        JsonNode original = node("""
                {"metadata":{"labels":{"app":"web","tier":"front"}},
                 "spec":{"unschedulable":true,"template":{"spec":{"nodeSelector":{"zone":"a"},"containers":[{"name":"a"},{"name":"b"}]}}}}""");
        JsonNode result = JsonMergePatch.apply(original, node("""
                {"metadata":{"labels":{"tier":null,"team":"shop"}},
                 "spec":{"unschedulable":null,"template":{"spec":{"nodeSelector":null,"containers":[{"name":"c"}]}}}}"""));
        assertThat(result).isEqualTo(node("""
                {"metadata":{"labels":{"app":"web","team":"shop"}},
                 "spec":{"template":{"spec":{"containers":[{"name":"c"}]}}}}"""));
        assertThat(original.path("spec").path("unschedulable").asBoolean()).isTrue();
    }

    @Test
    void aNewMapIsAddedWithoutItsNulls() {
        JsonNode result = JsonMergePatch.apply(node("{\"a\":1}"), node("{\"b\":{\"c\":null,\"d\":2},\"a\":{\"x\":1}}"));
        assertThat(result).isEqualTo(node("{\"a\":{\"x\":1},\"b\":{\"d\":2}}"));
    }
}
