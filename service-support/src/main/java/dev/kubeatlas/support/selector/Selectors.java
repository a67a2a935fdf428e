package dev.kubeatlas.support.selector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.support.problem.ProblemException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            terms.add(labelTerm(term.strip().replaceAll("\\s+", " "), selector));
        }
        return labels -> {
            Map<String, String> actual = labels == null ? Map.of() : labels;
            return terms.stream().allMatch(t -> t.test(actual));
        };
    }

    /** Field selectors over any field: for callers that have no list of the fields a type supports. */
    public static Predicate<JsonNode> fields(String selector) {
        return fields(selector, null);
    }

    /**
     * Field selectors {@code path=value}, {@code path==value}, {@code path!=value}; a path outside {@code supported}
     * (when given) is a 400, as the API server answers for a field it does not index.
     */
    public static Predicate<JsonNode> fields(String selector, Set<String> supported) {
        if (selector == null || selector.isBlank()) {
            return object -> true;
        }
        List<Predicate<JsonNode>> terms = new ArrayList<>();
        for (String term : selector.split(",", -1)) {
            Matcher equality = EQUALITY.matcher(term.strip());
            if (!equality.matches() || !FIELD.matcher(equality.group(1)).matches()
                    || !FIELD_VALUE.matcher(equality.group(3)).matches()) {
                throw invalid("field", selector);
            }
            String field = equality.group(1);
            if (supported != null && !supported.contains(field)) {
                throw ProblemException.badRequest("unsupported-field-selector", "Field selector '" + field
                        + "' is not supported for this type; supported: " + new TreeSet<>(supported));
            }
            boolean negated = equality.group(2).equals("!=");
            String[] path = field.split("\\.");
            String value = equality.group(3);
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

    /**
     * For each label key the selector pins to one of a few values ({@code a=b}, {@code a==b}, {@code a in (x,y)}),
     * those values: what an index of labels can narrow a list to before the whole selector is applied. A key pinned
     * twice keeps the values both terms allow (none, when they contradict). Refuses what {@link #labels} refuses.
     */
    public static Map<String, Set<String>> labelValues(String selector) {
        Map<String, Set<String>> pinned = new LinkedHashMap<>();
        if (selector == null || selector.isBlank()) {
            return pinned;
        }
        for (String raw : splitTerms(selector)) {
            String term = raw.strip().replaceAll("\\s+", " ");
            Matcher set = SET.matcher(term);
            if (set.matches()) {
                String key = key(set.group(1), selector);
                Set<String> values = Arrays.stream(set.group(3).split(",", -1)).map(String::strip)
                        .map(v -> value(v, selector)).collect(Collectors.toSet());
                if (set.group(2).equals("in")) {
                    pin(pinned, key, values);
                }
                continue;
            }
            Matcher equality = EQUALITY.matcher(term);
            if (equality.matches()) {
                String key = key(equality.group(1), selector);
                String value = value(equality.group(3), selector);
                if (!equality.group(2).equals("!=")) {
                    pin(pinned, key, Set.of(value));
                }
            } else {
                key(term.startsWith("!") ? term.substring(1).trim() : term, selector);
            }
        }
        return pinned;
    }

    /**
     * For each field the selector pins to a value ({@code path=value}, {@code path==value}), that value, as a set
     * (empty when two terms contradict). Refuses what {@link #fields(String, Set)} refuses without a list of fields.
     */
    public static Map<String, Set<String>> fieldValues(String selector) {
        Map<String, Set<String>> pinned = new LinkedHashMap<>();
        if (selector == null || selector.isBlank()) {
            return pinned;
        }
        for (String term : selector.split(",", -1)) {
            Matcher equality = EQUALITY.matcher(term.strip());
            if (!equality.matches() || !FIELD.matcher(equality.group(1)).matches()
                    || !FIELD_VALUE.matcher(equality.group(3)).matches()) {
                throw invalid("field", selector);
            }
            if (!equality.group(2).equals("!=")) {
                pin(pinned, equality.group(1), Set.of(equality.group(3)));
            }
        }
        return pinned;
    }

    private static void pin(Map<String, Set<String>> pinned, String key, Set<String> values) {
        pinned.merge(key, Set.copyOf(values), (a, b) -> a.stream().filter(b::contains).collect(Collectors.toUnmodifiableSet()));
    }

    /** A label key: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters. */
    static final Pattern KEY = Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
            + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    /** A label value: empty, or at most 63 characters of letters, digits, '-', '_' and '.'. */
    static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    /** A field path as the API server names them: {@code metadata.name}, {@code spec.nodeName}. */
    static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*");
    /** A field value: names, phases, IPs, UIDs, types such as {@code kubernetes.io/tls}. */
    static final Pattern FIELD_VALUE = Pattern.compile("[A-Za-z0-9._:/@+-]{0,253}");
    static final Pattern SET = Pattern.compile("(\\S+)\\s+(in|notin)\\s*\\((.*)\\)");
    static final Pattern EQUALITY = Pattern.compile("([^=!\\s]+)\\s*(==|=|!=)\\s*(\\S*)");

    private static Predicate<Map<String, String>> labelTerm(String term, String selector) {
        Matcher set = SET.matcher(term);
        if (set.matches()) {
            String key = key(set.group(1), selector);
            boolean negated = set.group(2).equals("notin");
            Set<String> values = Arrays.stream(set.group(3).split(",", -1)).map(String::strip)
                    .map(v -> value(v, selector)).collect(Collectors.toSet());
            return labels -> negated ? !values.contains(labels.get(key)) : values.contains(labels.get(key));
        }
        Matcher equality = EQUALITY.matcher(term);
        if (equality.matches()) {
            String key = key(equality.group(1), selector);
            String value = value(equality.group(3), selector);
            boolean negated = equality.group(2).equals("!=");
            return labels -> negated != value.equals(labels.get(key));
        }
        if (term.startsWith("!")) {
            String key = key(term.substring(1).trim(), selector);
            return labels -> !labels.containsKey(key);
        }
        String key = key(term, selector);
        return labels -> labels.containsKey(key);
    }

    private static String key(String key, String selector) {
        if (key.length() > 253 + 1 + 63 || !KEY.matcher(key).matches()) {
            throw invalid("label", selector);
        }
        return key;
    }

    private static String value(String value, String selector) {
        if (value.length() > 63 || !VALUE.matcher(value).matches()) {
            throw invalid("label", selector);
        }
        return value;
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
        // the selector is not echoed: it may hold anything, control characters included
        return ProblemException.badRequest("invalid-selector", "Invalid " + kind + " selector: terms are key, !key, "
                + "key=value, key==value, key!=value, key in (v1,v2) or key notin (v1,v2), separated by commas"
                + (kind.equals("field") ? " (field selectors: path=value, path==value, path!=value)" : ""));
    }

    private Selectors() {
    }
}
