package dev.kubeatlas.support.selector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.support.problem.ProblemException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Label and field selectors with the syntax and meaning the API server gives them, for lists served from the
 * informer cache: {@code a=b}, {@code a==b}, {@code a!=b}, {@code a in (x,y)}, {@code a notin (x)}, {@code a},
 * {@code !a}; field selectors {@code path=value} and {@code path!=value} over the object's fields.
 */
public final class Selectors {

    public static Predicate<Map<String, String>> labels(String selector) {
        if (selector == null || selector.isBlank()) {
            return labels -> true;
        }
        List<Predicate<Map<String, String>>> terms = new ArrayList<>();
        for (String term : splitTerms(selector)) {
            terms.add(labelTerm(term.trim(), selector));
        }
        return labels -> {
            Map<String, String> actual = labels == null ? Map.of() : labels;
            return terms.stream().allMatch(t -> t.test(actual));
        };
    }

    public static Predicate<JsonNode> fields(String selector) {
        if (selector == null || selector.isBlank()) {
            return object -> true;
        }
        List<Predicate<JsonNode>> terms = new ArrayList<>();
        for (String term : selector.split(",")) {
            String t = term.trim();
            boolean negated = t.contains("!=");
            String[] parts = t.split(negated ? "!=" : "==?", 2);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw invalid("field", selector);
            }
            String[] path = parts[0].trim().split("\\.");
            String value = parts[1].trim();
            terms.add(object -> {
                JsonNode node = object;
                for (String segment : path) {
                    node = node.path(segment);
                }
                String actual = node.isMissingNode() || node.isNull() ? "" : node.asText();
                return negated != actual.equals(value);
            });
        }
        return object -> terms.stream().allMatch(t -> t.test(object));
    }

    private static Predicate<Map<String, String>> labelTerm(String term, String selector) {
        if (term.isEmpty()) {
            throw invalid("label", selector);
        }
        String lower = term.replaceAll("\\s+", " ");
        int notin = lower.indexOf(" notin ");
        int in = lower.indexOf(" in ");
        if (notin > 0 || in > 0) {
            boolean negated = notin > 0;
            String key = lower.substring(0, negated ? notin : in).trim();
            String rest = lower.substring((negated ? notin : in) + (negated ? 7 : 4)).trim();
            if (!rest.startsWith("(") || !rest.endsWith(")")) {
                throw invalid("label", selector);
            }
            Set<String> values = Arrays.stream(rest.substring(1, rest.length() - 1).split(","))
                    .map(String::trim).collect(Collectors.toSet());
            return labels -> negated ? !values.contains(labels.get(key)) : values.contains(labels.get(key));
        }
        if (term.contains("!=")) {
            String[] kv = term.split("!=", 2);
            return labels -> !kv[1].trim().equals(labels.get(kv[0].trim()));
        }
        if (term.contains("=")) {
            String[] kv = term.split("==?", 2);
            return labels -> kv[1].trim().equals(labels.get(kv[0].trim()));
        }
        if (term.startsWith("!")) {
            String key = term.substring(1).trim();
            return labels -> !labels.containsKey(key);
        }
        return labels -> labels.containsKey(term);
    }

    /** Splits at commas outside parentheses. */
    private static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    private static ProblemException invalid(String kind, String selector) {
        return ProblemException.badRequest("invalid-selector", "Invalid " + kind + " selector: " + selector);
    }

    private Selectors() {
    }
}
