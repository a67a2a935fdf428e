package dev.kubeatlas.history.service.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Field-level changes between two manifests. List items that have a {@code name} (containers, ports, env, volumes)
 * are matched by name, so a path reads {@code spec.template.spec.containers[cart].image}; other lists by index.
 * Volatile metadata (resourceVersion, generation, managedFields, timestamps) is not a change.
 */
public final class FieldDiff {

    static final Set<String> VOLATILE = Set.of("metadata.resourceVersion", "metadata.generation", "metadata.managedFields",
            "metadata.creationTimestamp", "metadata.uid", "metadata.selfLink", "status");
    static final int SUMMARY_ITEMS = 4;
    static final int VALUE_CHARS = 40;

    public record Change(String path, String op, JsonNode from, JsonNode to) {
    }

    /** A copy without what {@link #between} ignores, for a text diff that shows the same changes. */
    public static JsonNode withoutVolatile(JsonNode manifest) {
        if (manifest == null || !manifest.isObject()) {
            return manifest;
        }
        ObjectNode copy = StoredManifest.requireShallow(manifest).deepCopy();
        copy.remove("status");
        if (copy.get("metadata") instanceof ObjectNode metadata) {
            VOLATILE.stream().filter(p -> p.startsWith("metadata.")).forEach(p -> metadata.remove(p.substring("metadata.".length())));
        }
        return copy;
    }

    /** The changes; 422 when either side is nested deeper than {@link StoredManifest#MAX_DEPTH}. */
    public static List<Change> between(JsonNode from, JsonNode to) {
        StoredManifest.requireShallow(from);
        StoredManifest.requireShallow(to);
        List<Change> changes = new ArrayList<>();
        walk("", from, to, changes);
        return changes;
    }

    /** One line: {@code spec.replicas 3→5; containers[cart].image cart:1.4.2→1.5.0}. */
    public static String summary(List<Change> changes) {
        if (changes.isEmpty()) {
            return "no field changed";
        }
        List<String> parts = new ArrayList<>();
        for (Change c : changes.subList(0, Math.min(SUMMARY_ITEMS, changes.size()))) {
            String path = c.path().replace("spec.template.spec.", "").replace("spec.jobTemplate.spec.template.spec.", "");
            parts.add(switch (c.op()) {
                case "added" -> path + " +" + text(c.to());
                case "removed" -> path + " removed";
                default -> path + " " + text(c.from()) + "→" + text(c.to());
            });
        }
        String line = String.join("; ", parts);
        return changes.size() > SUMMARY_ITEMS ? line + " (+" + (changes.size() - SUMMARY_ITEMS) + " more)" : line;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<Change> out) {
        if (VOLATILE.contains(path)) {
            return;
        }
        if (Objects.equals(a, b)) {
            return;
        }
        if (a == null || a.isMissingNode() || a.isNull()) {
            out.add(new Change(path, "added", null, b));
            return;
        }
        if (b == null || b.isMissingNode() || b.isNull()) {
            out.add(new Change(path, "removed", a, null));
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                walk(path.isEmpty() ? key : path + "." + key, a.get(key), b.get(key), out);
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            if (named(a) && named(b)) {
                Set<String> names = new LinkedHashSet<>();
                a.forEach(i -> names.add(i.get("name").asText()));
                b.forEach(i -> names.add(i.get("name").asText()));
                for (String name : names) {
                    walk(path + "[" + name + "]", byName(a, name), byName(b, name), out);
                }
            } else {
                for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                    walk(path + "[" + i + "]", a.get(i), b.get(i), out);
                }
            }
            return;
        }
        out.add(new Change(path, "changed", a, b));
    }

    private static boolean named(JsonNode array) {
        if (array.isEmpty()) {
            return true;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            JsonNode item = it.next();
            if (!item.isObject() || !item.path("name").isTextual() || !seen.add(item.get("name").asText())) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode byName(JsonNode array, String name) {
        for (JsonNode item : array) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        return null;
    }

    private static String text(JsonNode value) {
        if (value == null) {
            return "null";
        }
        String text = value.isValueNode() ? value.asText() : value.isArray() ? "[…]" : "{…}";
        return text.length() > VALUE_CHARS ? text.substring(0, VALUE_CHARS - 1) + "…" : text;
    }

    private FieldDiff() {
    }
}
