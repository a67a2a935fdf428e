package dev.kubeatlas.workload.kube;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.kubeatlas.support.problem.ProblemException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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

    /**
     * How deep a manifest may nest. Real objects stay far below (a Deployment is about 12 levels, large CRD schemas
     * about 40); past it a manifest is refused where accepted, and shown cut off where it comes from a cluster, so that
     * nothing downstream recurses without bound.
     */
    public static final int MAX_DEPTH = 100;
    static final String TOO_DEEP = "<nested deeper than " + MAX_DEPTH + " levels: not shown>";

    static final ObjectMapper JSON_MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final ObjectMapper YAML_MAPPER = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    /**
     * Parses a JSON or YAML body holding one object; 400 with line and column when it is not well-formed, holds more
     * than one document or anything after the object, or nests deeper than {@link #MAX_DEPTH}. Never echoes the body:
     * a parser's message quotes the input, which may be a Secret's value.
     */
    public static ObjectNode parse(String body, String contentType) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("empty-body", "The request has no body");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw ProblemException.tooLarge("A manifest may be at most 2 MiB");
        }
        boolean yaml = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("yaml");
        String format = yaml ? "YAML" : "JSON";
        JsonNode node;
        try {
            node = yaml ? oneYamlDocument(body) : JSON_MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("invalid-manifest", format, e);
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest("invalid-manifest", "The body must be one " + format + " object");
        }
        requireDepth(node);
        return (ObjectNode) node;
    }

    /** A JSON patch (RFC 6902): an array of operations; 400 with line and column when malformed. */
    public static JsonNode parseJsonPatch(String body) {
        JsonNode node;
        try {
            node = JSON_MAPPER.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw malformed("invalid-patch", "JSON", e);
        }
        if (node == null || !node.isArray()) {
            throw ProblemException.badRequest("invalid-patch", "A JSON patch is an array of operations");
        }
        for (JsonNode op : node) {
            if (!op.isObject() || !op.path("op").isTextual() || !op.path("path").isTextual()) {
                throw ProblemException.badRequest("invalid-patch", "Every JSON patch operation has an 'op' and a 'path'");
            }
        }
        requireDepth(node);
        return node;
    }

    private static JsonNode oneYamlDocument(String body) throws JsonProcessingException {
        try (MappingIterator<JsonNode> documents = YAML_MAPPER.readerFor(JsonNode.class).readValues(body)) {
            JsonNode first = documents.hasNextValue() ? documents.nextValue() : null;
            int more = 0;
            while (documents.hasNextValue()) {
                JsonNode next = documents.nextValue();
                if (next != null && !next.isNull() && !next.isMissingNode()) {
                    more++;
                }
            }
            if (more > 0) {
                throw ProblemException.badRequest("multiple-documents", "The body holds " + (more + 1)
                        + " YAML documents; a request creates or changes one object: send each document on its own");
            }
            return first;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProblemException malformed(String slug, String format, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return ProblemException.badRequest(slug, "Invalid " + format + where);
    }

    /** 400 when a manifest someone sends nests deeper than {@link #MAX_DEPTH}. */
    static void requireDepth(JsonNode node) {
        if (depth(node) > MAX_DEPTH) {
            throw ProblemException.badRequest("manifest-too-deep", "The manifest nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** How deep a tree nests, walked without recursion. */
    static int depth(JsonNode root) {
        Deque<Map.Entry<JsonNode, Integer>> pending = new ArrayDeque<>();
        pending.push(Map.entry(root, 1));
        int deepest = 0;
        while (!pending.isEmpty()) {
            Map.Entry<JsonNode, Integer> next = pending.pop();
            deepest = Math.max(deepest, next.getValue());
            if (next.getValue() <= MAX_DEPTH) {
                for (JsonNode child : next.getKey()) {
                    if (child.isContainerNode()) {
                        pending.push(Map.entry(child, next.getValue() + 1));
                    }
                }
            }
        }
        return deepest;
    }

    /** Cuts off, in place, what nests deeper than {@link #MAX_DEPTH} in an object that came from a cluster. */
    static ObjectNode bounded(ObjectNode root) {
        Deque<Map.Entry<JsonNode, Integer>> pending = new ArrayDeque<>();
        pending.push(Map.entry(root, 1));
        while (!pending.isEmpty()) {
            Map.Entry<JsonNode, Integer> next = pending.pop();
            JsonNode node = next.getKey();
            int level = next.getValue();
            if (node instanceof ObjectNode object) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    JsonNode child = object.get(name);
                    if (child.isContainerNode() && level >= MAX_DEPTH) {
                        object.put(name, TOO_DEEP);
                    } else if (child.isContainerNode()) {
                        pending.push(Map.entry(child, level + 1));
                    }
                }
            } else if (node instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    JsonNode child = array.get(i);
                    if (child.isContainerNode() && level >= MAX_DEPTH) {
                        array.set(i, TextNode.valueOf(TOO_DEEP));
                    } else if (child.isContainerNode()) {
                        pending.push(Map.entry(child, level + 1));
                    }
                }
            }
        }
        return root;
    }

    public static GenericKubernetesResource toResource(ObjectNode node) {
        return JSON_MAPPER.convertValue(node, GenericKubernetesResource.class);
    }

    public static ObjectNode toNode(Object object) {
        return JSON_MAPPER.valueToTree(object instanceof KubeObject k ? k.resource() : object);
    }

    public static String yaml(Object object) {
        try {
            return YAML_MAPPER.writeValueAsString(object instanceof KubeObject k ? k.resource() : object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An object as the API hands it out: managed fields left out, and when the request's resolved type is Secret
     * (or the object says it is one), its values hidden unless {@code reveal}. The type decides, not the object: an
     * object cannot talk its way out of redaction.
     */
    public static ObjectNode present(ApiResourceType type, Object object, boolean reveal) {
        ObjectNode node = bounded(toNode(object));
        ObjectNode metadata = node.get("metadata") instanceof ObjectNode m ? m : null;
        if (metadata != null) {
            metadata.remove("managedFields");
        }
        if (!reveal && (isSecretType(type) || isSecret(node))) {
            redact(node, "data", v -> REDACTED);
            redact(node, "stringData", v -> REDACTED);
            removeLastApplied(node);
        }
        return node;
    }

    /**
     * An object as the change stream carries it: no {@code managedFields}, no {@code status}, no last-applied
     * annotation, Secret values replaced by their keyed digest (so a change is visible, the value is not).
     */
    public static ObjectNode forStream(ApiResourceType type, Object object, SecretDigest digest) {
        ObjectNode node = bounded(toNode(object));
        node.remove("status");
        ObjectNode metadata = node.get("metadata") instanceof ObjectNode m ? m : null;
        if (metadata != null) {
            metadata.remove("managedFields");
        }
        removeLastApplied(node);
        if (isSecretType(type) || isSecret(node)) {
            redact(node, "data", digest::of);
            redact(node, "stringData", digest::of);
        }
        return node;
    }

    /**
     * Refuses a JSON patch of a Secret that reads its values: {@code copy} or {@code move} from the data, or a
     * {@code test} of them (a yes/no oracle), from {@code data}, {@code stringData} or the whole object.
     */
    public static void refuseSecretReads(JsonNode operations) {
        for (JsonNode op : operations) {
            String name = op.path("op").asText();
            String read = switch (name) {
                case "copy", "move" -> op.path("from").asText(null);
                case "test" -> op.path("path").asText(null);
                default -> null;
            };
            if (read != null && readsValues(read)) {
                throw ProblemException.forbidden("secret-value-read", "Not allowed",
                        "A '" + name + "' operation reads the Secret's values; that needs the admin role");
            }
        }
    }

    private static boolean readsValues(String pointer) {
        if (pointer.isEmpty() || pointer.equals("/")) {
            return true;
        }
        String first = pointer.substring(1).split("/", -1)[0].replace("~1", "/").replace("~0", "~");
        return first.equals("data") || first.equals("stringData");
    }

    static boolean isSecretType(ApiResourceType type) {
        return type != null && type.is("", "secrets");
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
        return "secret".equalsIgnoreCase(node.path("kind").asText());
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
