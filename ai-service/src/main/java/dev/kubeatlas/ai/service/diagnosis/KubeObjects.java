package dev.kubeatlas.ai.service.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Null-safe reads of Kubernetes objects as the API server returns them. Decides nothing; analyzers use it. */
public final class KubeObjects {

    private KubeObjects() {
    }

    /** The text at a path of field names, or null when any step is absent or not a value. */
    public static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n == null || n.isNull() || n.isMissingNode() || n.isContainerNode() ? null : n.asText();
    }

    /** The node at a path of field names, or a missing node. */
    public static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            if (n == null) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            n = n.path(p);
        }
        return n == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : n;
    }

    /** The elements of an array at a path; empty when absent. */
    public static List<JsonNode> list(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        List<JsonNode> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }

    public static long number(JsonNode node, long fallback, String... path) {
        JsonNode n = at(node, path);
        return n.isNumber() || n.isTextual() && n.asText().matches("-?\\d+") ? n.asLong() : fallback;
    }

    public static boolean bool(JsonNode node, String... path) {
        return at(node, path).asBoolean(false);
    }

    public static String name(JsonNode obj) {
        return text(obj, "metadata", "name");
    }

    public static String namespace(JsonNode obj) {
        return text(obj, "metadata", "namespace");
    }

    public static String uid(JsonNode obj) {
        return text(obj, "metadata", "uid");
    }

    public static ObjectRef ref(String kind, JsonNode obj) {
        return ObjectRef.of(kind, namespace(obj), name(obj));
    }

    /** A string map (labels, a Service selector, matchLabels), sorted by key. */
    public static Map<String, String> stringMap(JsonNode node, String... path) {
        Map<String, String> out = new TreeMap<>();
        at(node, path).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    public static Map<String, String> labels(JsonNode obj) {
        return stringMap(obj, "metadata", "labels");
    }

    /** The condition of a type in {@code status.conditions}, or null. */
    public static JsonNode condition(JsonNode obj, String type) {
        for (JsonNode c : list(obj, "status", "conditions")) {
            if (type.equals(text(c, "type"))) {
                return c;
            }
        }
        return null;
    }

    public static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code k=v,k2=v2}: how summaries print labels and selectors. */
    public static String labelsText(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        labels.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    /** A message cut to a readable length, on one line, for a summary. */
    public static String clip(String message, int max) {
        if (message == null) {
            return null;
        }
        String one = message.strip().replaceAll("\\s*\\n\\s*", " ");
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
