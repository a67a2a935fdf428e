package dev.kubeatlas.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}) of the built-in kinds, as the API server
 * applies it for the fields KubeAtlas touches: maps merge and {@code null} removes a key; lists with a patch merge
 * key merge item by item (containers, env and volumes by name, container ports by containerPort, volume mounts by
 * mountPath, service ports by port, conditions by type, ...); finalizers merge as a set; every other list is replaced.
 * Directives: {@code $patch: replace|delete} on maps and list items, {@code $retainKeys},
 * {@code $deleteFromPrimitiveList/<field>}; {@code $setElementOrder/<field>} only orders, so it is dropped.
 */
final class StrategicMergePatch {

    /** A patch the API server rejects with 400 Bad Request. */
    static final class InvalidPatchException extends RuntimeException {
        InvalidPatchException(String message) {
            super(message);
        }
    }

    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder/";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
    private static final Set<String> CONTAINER_LISTS = Set.of("containers", "initContainers", "ephemeralContainers");

    /** Merge keys of the lists inside a container. */
    private static final Map<String, String> CONTAINER_FIELD_KEYS = Map.of("env", "name", "ports", "containerPort",
            "volumeMounts", "mountPath", "volumeDevices", "devicePath", "resizePolicy", "resourceName");

    /** Merge keys of the lists elsewhere in the built-in kinds, by field name. */
    private static final Map<String, String> FIELD_KEYS = Map.of("containers", "name", "initContainers", "name",
            "ephemeralContainers", "name", "volumes", "name", "imagePullSecrets", "name", "hostAliases", "ip",
            "conditions", "type", "topologySpreadConstraints", "topologyKey", "resourceClaims", "name",
            "schedulingGates", "name");

    private final String kind;

    private StrategicMergePatch(String kind) {
        this.kind = kind;
    }

    /** The object {@code original} (left untouched) becomes with {@code patch}. */
    static ObjectNode apply(ObjectNode original, ObjectNode patch) {
        ObjectNode merged = new StrategicMergePatch(original.path("kind").asText()).mergeMap(original.deepCopy(), patch, List.of());
        if (merged == null) {
            throw new InvalidPatchException("a patch may not delete the whole object");
        }
        return merged;
    }

    /** Merges {@code patch} into {@code original} (changed in place); null when the patch deletes the map. */
    private ObjectNode mergeMap(ObjectNode original, ObjectNode patch, List<String> path) {
        String directive = patch.path(PATCH).asText(null);
        if ("delete".equals(directive)) {
            return null;
        }
        if ("replace".equals(directive)) {
            ObjectNode replacement = patch.deepCopy();
            replacement.remove(PATCH);
            return mergeMap(JsonNodeFactory.instance.objectNode(), replacement, path);
        }
        if (directive != null && !"merge".equals(directive)) {
            throw new InvalidPatchException("unknown patch type: " + directive + " in map: " + patch);
        }
        if (patch.has(RETAIN_KEYS)) {
            retainKeys(original, patch.get(RETAIN_KEYS));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals(PATCH) || key.equals(RETAIN_KEYS) || key.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deleteFromPrimitiveList(original, key.substring(DELETE_FROM_PRIMITIVE_LIST.length()), value);
            } else if (value.isNull()) {
                original.remove(key);
            } else if (value.isObject()) {
                JsonNode existing = original.get(key);
                ObjectNode merged = mergeMap(existing != null && existing.isObject() ? (ObjectNode) existing
                        : JsonNodeFactory.instance.objectNode(), (ObjectNode) value, child(path, key));
                if (merged == null) {
                    original.remove(key);
                } else {
                    original.set(key, merged);
                }
            } else if (value.isArray()) {
                JsonNode existing = original.get(key);
                original.set(key, mergeList(existing != null && existing.isArray() ? (ArrayNode) existing
                        : JsonNodeFactory.instance.arrayNode(), (ArrayNode) value, path, key));
            } else {
                original.set(key, value.deepCopy());
            }
        }
        return original;
    }

    private ArrayNode mergeList(ArrayNode original, ArrayNode patch, List<String> path, String field) {
        if (isSet(path, field)) {
            ArrayNode union = original.deepCopy();
            patch.forEach(value -> {
                if (!contains(union, value)) {
                    union.add(value.deepCopy());
                }
            });
            return union;
        }
        String mergeKey = mergeKey(path, field);
        if (mergeKey == null) {
            return patch.deepCopy();
        }
        List<String> itemPath = child(path, field);
        boolean replace = false;
        List<ObjectNode> items = new ArrayList<>();
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                throw new InvalidPatchException("list " + field + " takes objects, not " + item);
            }
            if ("replace".equals(item.path(PATCH).asText(null)) && item.size() == 1) {
                replace = true;
            } else {
                items.add((ObjectNode) item);
            }
        }
        ArrayNode result = replace ? JsonNodeFactory.instance.arrayNode() : original.deepCopy();
        for (ObjectNode item : items) {
            JsonNode keyValue = item.get(mergeKey);
            if (keyValue == null || keyValue.isNull()) {
                throw new InvalidPatchException("map: " + item + " does not contain declared merge key: " + mergeKey);
            }
            int index = indexOf(result, mergeKey, keyValue);
            if ("delete".equals(item.path(PATCH).asText(null))) {
                if (index >= 0) {
                    result.remove(index);
                }
            } else if (index >= 0) {
                ObjectNode merged = mergeMap((ObjectNode) result.get(index), item, itemPath);
                if (merged == null) {
                    result.remove(index);
                } else {
                    result.set(index, merged);
                }
            } else {
                ObjectNode added = mergeMap(JsonNodeFactory.instance.objectNode(), item, itemPath);
                if (added != null) {
                    result.add(added);
                }
            }
        }
        return result;
    }

    /** The patch merge key of list {@code field} of the map at {@code path}; null when the list is replaced whole. */
    private String mergeKey(List<String> path, String field) {
        String parent = path.isEmpty() ? "" : path.get(path.size() - 1);
        if (CONTAINER_LISTS.contains(parent)) {
            return CONTAINER_FIELD_KEYS.get(field);
        }
        if (field.equals("ports")) {
            return kind.equals("Service") && path.equals(List.of("spec")) ? "port" : null;
        }
        if (field.equals("ownerReferences")) {
            return parent.equals("metadata") ? "uid" : null;
        }
        if (field.equals("addresses")) {
            return kind.equals("Node") && path.equals(List.of("status")) ? "type" : null;
        }
        return FIELD_KEYS.get(field);
    }

    /** Lists of values merged as a set: {@code metadata.finalizers}. */
    private static boolean isSet(List<String> path, String field) {
        return field.equals("finalizers") && path.equals(List.of("metadata"));
    }

    private static void retainKeys(ObjectNode original, JsonNode keys) {
        if (!keys.isArray()) {
            throw new InvalidPatchException("$retainKeys takes a list of field names");
        }
        Set<String> retained = new HashSet<>();
        keys.forEach(k -> retained.add(k.asText()));
        original.retain(retained);
    }

    private static void deleteFromPrimitiveList(ObjectNode original, String field, JsonNode values) {
        if (!values.isArray()) {
            throw new InvalidPatchException("$deleteFromPrimitiveList/" + field + " takes a list of values");
        }
        JsonNode existing = original.get(field);
        if (existing != null && existing.isArray()) {
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            existing.forEach(v -> {
                if (!contains((ArrayNode) values, v)) {
                    kept.add(v);
                }
            });
            original.set(field, kept);
        }
    }

    private static boolean contains(ArrayNode list, JsonNode value) {
        for (JsonNode v : list) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(ArrayNode list, String mergeKey, JsonNode keyValue) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = list.get(i).get(mergeKey);
            if (candidate != null && candidate.asText().equals(keyValue.asText())) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> child(List<String> path, String field) {
        List<String> child = new ArrayList<>(path);
        child.add(field);
        return List.copyOf(child);
    }
}
