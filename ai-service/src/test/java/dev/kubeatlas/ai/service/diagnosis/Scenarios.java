package dev.kubeatlas.ai.service.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads a scenario fixture ({@code scenarios/<name>/snapshot.json}: capturedAt plus objects by plural) as a snapshot. */
final class Scenarios {

    static final ObjectMapper JSON = new ObjectMapper();

    private Scenarios() {
    }

    static JsonNode raw(String name) {
        try (InputStream in = Scenarios.class.getResourceAsStream("/scenarios/" + name + "/snapshot.json")) {
            if (in == null) {
                throw new IllegalArgumentException("No scenario " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClusterSnapshot load(String name) {
        JsonNode root = raw(name);
        Map<String, List<JsonNode>> objects = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("capturedAt")) {
                List<JsonNode> list = new ArrayList<>();
                e.getValue().forEach(list::add);
                objects.put(e.getKey(), list);
            }
        });
        return ClusterSnapshot.of(objects, Instant.parse(root.get("capturedAt").asText()));
    }
}
