package dev.kubeatlas.history.service.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.kubeatlas.support.problem.ProblemException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Manifests as stored (gzip-compressed JSON) and as shown (JSON or YAML with sorted keys). No manifest deeper than
 * {@link #MAX_DEPTH} is stored, diffed or written: the code that walks manifests recurses, and a bound keeps it
 * from running out of stack.
 */
public final class StoredManifest {

    /** Levels of objects and lists a manifest may have; real Kubernetes objects stay far below it. */
    public static final int MAX_DEPTH = 100;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public static byte[] compress(JsonNode manifest) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(JSON.writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static JsonNode decompress(byte[] stored) {
        if (stored == null) {
            return null;
        }
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            return JSON.readTree(gzip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not JSON", e);
        }
    }

    public static JsonNode parseYaml(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not YAML", e);
        }
    }

    /** The deepest level of objects and lists in the node (a scalar is 0), counted without recursion. */
    public static int depth(JsonNode node) {
        if (node == null || !node.isContainerNode()) {
            return 0;
        }
        int deepest = 0;
        Deque<JsonNode> level = new ArrayDeque<>();
        level.add(node);
        while (!level.isEmpty()) {
            deepest++;
            Deque<JsonNode> next = new ArrayDeque<>();
            for (JsonNode container : level) {
                container.elements().forEachRemaining(child -> {
                    if (child.isContainerNode()) {
                        next.add(child);
                    }
                });
            }
            level = next;
        }
        return deepest;
    }

    /** The node itself when it is at most {@link #MAX_DEPTH} levels deep; 422 otherwise. */
    public static JsonNode requireShallow(JsonNode node) {
        if (depth(node) > MAX_DEPTH) {
            throw ProblemException.unprocessable("manifest-too-deep", "Manifest nested too deeply",
                    "The object is nested more than " + MAX_DEPTH + " levels deep; it is not processed");
        }
        return node;
    }

    /** YAML with keys in a stable order, so that two versions diff line by line. */
    public static String yaml(JsonNode manifest) {
        requireShallow(manifest);
        try {
            return manifest == null ? "" : YAML.writeValueAsString(JSON.treeToValue(manifest, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private StoredManifest() {
    }
}
