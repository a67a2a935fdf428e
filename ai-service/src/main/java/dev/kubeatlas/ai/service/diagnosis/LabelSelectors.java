package dev.kubeatlas.ai.service.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Decides whether labels satisfy a label selector: a plain map (Services) or matchLabels and matchExpressions. */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** A {@code LabelSelector} object; an empty selector matches everything, an absent one (null) nothing. */
    public static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return false;
        }
        if (!matches(KubeObjects.stringMap(selector, "matchLabels"), labels)) {
            return false;
        }
        for (JsonNode expr : KubeObjects.list(selector, "matchExpressions")) {
            String key = KubeObjects.text(expr, "key");
            String op = KubeObjects.text(expr, "operator");
            Set<String> values = new HashSet<>();
            KubeObjects.list(expr, "values").forEach(v -> values.add(v.asText()));
            String actual = labels.get(key);
            boolean ok = switch (op == null ? "" : op) {
                case "In" -> actual != null && values.contains(actual);
                case "NotIn" -> actual == null || !values.contains(actual);
                case "Exists" -> actual != null;
                case "DoesNotExist" -> actual == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
