package dev.kubeatlas.workload.kube;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.kubeatlas.support.problem.ProblemException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Reading manifests from callers, and shaping the objects KubeAtlas hands out. */
public final class Manifests {

    public static final String YAML = "application/yaml";
    /** What a hidden Secret value reads as. Sent back in a write, it is refused rather than stored. */
    public static final String REDACTED = "<redacted>";
    /** Bodies with a declared length are checked before they are read; this catches chunked ones. */
    static final int MAX_BODY_CHARS = 2 * 1024 * 1024;
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    static final ObjectMapper JSON_MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    static final ObjectMapper YAML_MAPPER = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    /** Parses a JSON or YAML body; 400 with line and column when it is not well-formed. Never echoes the body. */
    public static ObjectNode parse(String body, String contentType) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("empty-body", "The request has no body");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw ProblemException.tooLarge("A manifest may be at most 2 MiB");
        }
        boolean yaml = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("yaml");
        try {
            JsonNode node = (yaml ? YAML_MAPPER : JSON_MAPPER).readTree(body);
            if (node == null || !node.isObject()) {
                throw ProblemException.badRequest("invalid-manifest", "The body must be one " + (yaml ? "YAML" : "JSON") + " object");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw ProblemException.badRequest("invalid-manifest", "Invalid " + (yaml ? "YAML" : "JSON") + where + ": "
                    + e.getOriginalMessage());
        }
    }

    /** A JSON patch (RFC 6902): an array of operations; 400 with line and column when malformed. */
    public static JsonNode parseJsonPatch(String body) {
        try {
            JsonNode node = JSON_MAPPER.readTree(body == null ? "" : body);
            if (node == null || !node.isArray()) {
                throw ProblemException.badRequest("invalid-patch", "A JSON patch is an array of operations");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ProblemException.badRequest("invalid-patch", "Invalid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        }
    }

    public static GenericKubernetesResource toResource(ObjectNode node) {
        return JSON_MAPPER.convertValue(node, GenericKubernetesResource.class);
    }

    public static ObjectNode toNode(Object object) {
        return JSON_MAPPER.valueToTree(object);
    }

    public static String yaml(Object object) {
        try {
            return YAML_MAPPER.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An object as the API hands it out: Secret values hidden unless {@code reveal}; managed fields left out. */
    public static ObjectNode present(Object object, boolean reveal) {
        ObjectNode node = toNode(object);
        ObjectNode metadata = (ObjectNode) node.get("metadata");
        if (metadata != null) {
            metadata.remove("managedFields");
        }
        if (!reveal && isSecret(node)) {
            redact(node, "data", v -> REDACTED);
            redact(node, "stringData", v -> REDACTED);
            removeLastApplied(node);
        }
        return node;
    }

    /**
     * An object as the change stream carries it: no {@code managedFields}, no {@code status}, no last-applied
     * annotation, Secret values replaced by a SHA-256 of each value (so a change is visible, the value is not).
     */
    public static ObjectNode forStream(Object object) {
        ObjectNode node = toNode(object);
        node.remove("status");
        ObjectNode metadata = (ObjectNode) node.get("metadata");
        if (metadata != null) {
            metadata.remove("managedFields");
        }
        removeLastApplied(node);
        if (isSecret(node)) {
            redact(node, "data", v -> "sha256:" + sha256(v));
            redact(node, "stringData", v -> "sha256:" + sha256(v));
        }
        return node;
    }

    /** SHA-256 of the object without volatile metadata (resourceVersion, generation, managedFields, timestamps). */
    public static String contentHash(ObjectNode streamed) {
        ObjectNode copy = streamed.deepCopy();
        ObjectNode metadata = (ObjectNode) copy.get("metadata");
        if (metadata != null) {
            metadata.remove(List.of("resourceVersion", "generation", "creationTimestamp", "uid", "selfLink"));
        }
        try {
            return "sha256:" + sha256(JSON_MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(JSON_MAPPER.treeToValue(copy, Object.class)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Refuses a Secret write (object or patch) that carries a value read back as {@link #REDACTED}. */
    public static void refuseRedactedValues(ObjectNode node, boolean secret) {
        if (!secret && !isSecret(node)) {
            return;
        }
        for (String field : new String[]{"data", "stringData"}) {
            JsonNode values = node.get(field);
            if (values != null && values.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    if (REDACTED.equals(entry.getValue().asText())) {
                        throw ProblemException.unprocessable("secret-value-redacted", "Redacted Secret value",
                                "Secret key '" + entry.getKey() + "' holds the placeholder " + REDACTED
                                        + "; send the real value, or leave the key out of a patch");
                    }
                }
            }
        }
    }

    static boolean isSecret(JsonNode node) {
        return "Secret".equals(node.path("kind").asText()) && "v1".equals(node.path("apiVersion").asText());
    }

    private static void redact(ObjectNode node, String field, UnaryOperator<String> replace) {
        JsonNode values = node.get(field);
        if (values != null && values.isObject()) {
            ObjectNode object = (ObjectNode) values;
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            keys.forEach(key -> object.put(key, replace.apply(object.get(key).asText())));
        }
    }

    private static void removeLastApplied(ObjectNode node) {
        JsonNode annotations = node.path("metadata").get("annotations");
        if (annotations != null && annotations.isObject()) {
            ((ObjectNode) annotations).remove(LAST_APPLIED);
        }
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Manifests() {
    }
}
