package dev.kubeatlas.history.rest.dto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;

/** The JSON columns of backups and restores, read back for answers. */
final class StoredJson {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    static Map<String, Integer> counts(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Integer>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    static List<RestoreResultView> results(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<RestoreResultView>>() { });
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private StoredJson() {
    }
}
