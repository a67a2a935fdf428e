package dev.kubeatlas.workload.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Indexer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Lists served from an informer cache, with the API server's selectors and a continue token of their own.
 * <p>
 * A list takes its candidates from the most selective index that applies ({@link CacheIndexes}): the namespace, a
 * label the label selector pins ({@code a=b}, {@code a==b}, {@code a in (x,y)}), a field the field selector pins
 * ({@code spec.nodeName=}, {@code status.phase=}, {@code metadata.namespace=}); the whole store only when none
 * does. Only those candidates are tested against the namespace and the whole label and field selectors.
 * <p>
 * Items are ordered by namespace, then name. A page is the first {@code limit} matching items after the key its
 * continue token carries, picked with a heap of {@code limit + 1} items (O(n log limit), nothing else sorted), so
 * an object created or deleted between two pages does not shift the next one: every object that exists throughout
 * is listed exactly once.
 */
final class CachedLists {

    static final String TOKEN_PREFIX = "cache:";

    /** The fields the API server indexes for every type, and for some types more: a field selector takes only these. */
    static final Set<String> COMMON_FIELDS = Set.of("metadata.name", "metadata.namespace");
    static final Map<String, Set<String>> TYPE_FIELDS = Map.of(
            "pods", Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
            "nodes", Set.of("spec.unschedulable"),
            "namespaces", Set.of("status.phase"),
            "secrets", Set.of("type"),
            "replicasets.apps", Set.of("status.replicas"),
            "jobs.batch", Set.of("status.successful"),
            "events", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"));

    /** The list's order: namespace (none first), then name. */
    static final Comparator<GenericKubernetesResource> ORDER = Comparator
            .comparing((GenericKubernetesResource o) -> nullToEmpty(o.getMetadata().getNamespace()))
            .thenComparing(o -> o.getMetadata().getName());

    private static final ObjectMapper LEAVES = new ObjectMapper();
    private static final Pattern NAMESPACE = Pattern.compile("([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)?");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{8}");

    static Set<String> supportedFields(ApiResourceType type) {
        Set<String> fields = new HashSet<>(COMMON_FIELDS);
        fields.addAll(TYPE_FIELDS.getOrDefault(type.qualifiedName(), Set.of()));
        return fields;
    }

    /** Where a page starts: after the object with this namespace ("" for none) and name. */
    record After(String namespace, String name) {

        int compareTo(GenericKubernetesResource object) {
            int byNamespace = namespace.compareTo(nullToEmpty(object.getMetadata().getNamespace()));
            return byNamespace != 0 ? byNamespace : name.compareTo(object.getMetadata().getName());
        }
    }

    /** One index lookup: the objects whose value in {@code index} is one of {@code values}. */
    record Lookup(String index, Set<String> values) {
    }

    static ResourceClient.Page page(ApiResourceType type, Indexer<GenericKubernetesResource> cache, String namespace,
                                    String labelSelector, String fieldSelector, Integer limit, String token) {
        Predicate<Map<String, String>> labels = Selectors.labels(labelSelector);
        boolean byFields = fieldSelector != null && !fieldSelector.isBlank();
        Predicate<JsonNode> fields = byFields ? Selectors.fields(fieldSelector, supportedFields(type)) : null;
        Set<String> fieldPaths = byFields ? fieldPaths(fieldSelector) : Set.of();
        String inNamespace = namespace == null || namespace.isBlank() ? null : namespace;
        String fingerprint = fingerprint(type, inNamespace, labelSelector, fieldSelector);
        After after = token == null || token.isBlank() ? null : decode(token, fingerprint);

        Predicate<GenericKubernetesResource> matches = o -> (inNamespace == null || inNamespace.equals(o.getMetadata().getNamespace()))
                && labels.test(o.getMetadata().getLabels())
                && (fields == null || fields.test(fieldNode(o, fieldPaths)));
        Collection<GenericKubernetesResource> candidates = candidates(cache,
                lookups(cache, inNamespace, labelSelector, fieldSelector));

        if (limit == null || limit <= 0) {
            List<GenericKubernetesResource> all = new ArrayList<>();
            for (GenericKubernetesResource o : candidates) {
                if (o != null && (after == null || after.compareTo(o) < 0) && matches.test(o)) {
                    all.add(o);
                }
            }
            all.sort(ORDER);
            return new ResourceClient.Page(KubeObject.all(all), null, null);
        }
        // the limit + 1 first matching items after the token's key: the largest on top, to be dropped first
        PriorityQueue<GenericKubernetesResource> first = new PriorityQueue<>(Math.min(limit, 1024) + 1, ORDER.reversed());
        for (GenericKubernetesResource o : candidates) {
            if (o == null || (after != null && after.compareTo(o) >= 0)) {
                continue;
            }
            if (first.size() > limit && ORDER.compare(o, first.peek()) >= 0) {
                continue;
            }
            if (matches.test(o)) {
                first.add(o);
                if (first.size() > limit + 1) {
                    first.poll();
                }
            }
        }
        List<GenericKubernetesResource> items = new ArrayList<>(first);
        items.sort(ORDER);
        boolean more = items.size() > limit;
        List<GenericKubernetesResource> page = more ? items.subList(0, limit) : items;
        String next = more ? encode(fingerprint, page.get(page.size() - 1)) : null;
        return new ResourceClient.Page(KubeObject.all(page), next, null);
    }

    /** The index lookups that apply: the namespace, the labels and the fields the selectors pin to values. */
    static List<Lookup> lookups(Indexer<GenericKubernetesResource> cache, String namespace, String labelSelector,
                                String fieldSelector) {
        Set<String> indexes = cache.getIndexers().keySet();
        List<Lookup> lookups = new ArrayList<>();
        if (namespace != null && indexes.contains(CacheIndexes.NAMESPACE)) {
            lookups.add(new Lookup(CacheIndexes.NAMESPACE, Set.of(namespace)));
        }
        if (indexes.contains(CacheIndexes.LABELS)) {
            Selectors.labelValues(labelSelector).forEach((key, values) -> lookups.add(new Lookup(CacheIndexes.LABELS,
                    values.stream().map(v -> CacheIndexes.label(key, v)).collect(Collectors.toSet()))));
        }
        Selectors.fieldValues(fieldSelector).forEach((field, values) -> {
            String index = CacheIndexes.FIELD_INDEXES.get(field);
            // an object without the field is in no index entry, and "field=" selects exactly those
            if (index != null && indexes.contains(index) && !values.contains("")) {
                lookups.add(new Lookup(index, values));
            }
        });
        return lookups;
    }

    /** The objects of the most selective lookup (the fewest keys), or the whole store when none applies. */
    static Collection<GenericKubernetesResource> candidates(Indexer<GenericKubernetesResource> cache, List<Lookup> lookups) {
        Collection<String> fewest = null;
        for (Lookup lookup : lookups) {
            Collection<String> keys = keys(cache, lookup);
            if (fewest == null || keys.size() < fewest.size()) {
                fewest = keys;
            }
            if (fewest.isEmpty()) {
                break;
            }
        }
        if (fewest == null) {
            return cache.list();
        }
        List<GenericKubernetesResource> objects = new ArrayList<>(fewest.size());
        for (String key : fewest) {
            GenericKubernetesResource object = cache.getByKey(key);
            if (object != null) {
                objects.add(object);
            }
        }
        return objects;
    }

    private static Collection<String> keys(Indexer<GenericKubernetesResource> cache, Lookup lookup) {
        if (lookup.values().size() == 1) {
            return cache.indexKeys(lookup.index(), lookup.values().iterator().next());
        }
        // one value per object and index, but an object may move between two values while they are read
        Set<String> keys = new LinkedHashSet<>();
        for (String value : lookup.values()) {
            keys.addAll(cache.indexKeys(lookup.index(), value));
        }
        return keys;
    }

    /**
     * The fields a field selector reads, and only those, as the selector sees them in the whole object: a field
     * selector never converts a whole object to JSON.
     */
    static JsonNode fieldNode(GenericKubernetesResource object, Set<String> paths) {
        ObjectNode root = LEAVES.createObjectNode();
        for (String path : paths) {
            String[] segments = path.split("\\.");
            Object value = value(object, segments);
            if (value == MISSING) {
                continue;
            }
            ObjectNode parent = root;
            for (int i = 0; i < segments.length - 1; i++) {
                parent = parent.get(segments[i]) instanceof ObjectNode child ? child : parent.putObject(segments[i]);
            }
            parent.set(segments[segments.length - 1], LEAVES.valueToTree(value));
        }
        return root;
    }

    private static final Object MISSING = new Object();

    private static Object value(GenericKubernetesResource object, String[] path) {
        Object current;
        switch (path[0]) {
            case "metadata" -> {
                ObjectMeta metadata = object.getMetadata();
                if (path.length == 2 && metadata != null && path[1].equals("name")) {
                    return metadata.getName();
                }
                if (path.length == 2 && metadata != null && path[1].equals("namespace")) {
                    return metadata.getNamespace();
                }
                JsonNode node = metadata == null ? null : LEAVES.valueToTree(metadata);
                for (int i = 1; node != null && i < path.length; i++) {
                    node = node.get(path[i]);
                }
                return node == null ? MISSING : node;
            }
            case "apiVersion" -> current = object.getApiVersion();
            case "kind" -> current = object.getKind();
            default -> {
                current = object.getAdditionalProperties().get(path[0]);
                if (current == null && !object.getAdditionalProperties().containsKey(path[0])) {
                    return MISSING;
                }
            }
        }
        for (int i = 1; i < path.length; i++) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(path[i])) {
                return MISSING;
            }
            current = map.get(path[i]);
        }
        return current;
    }

    /** The fields a (valid) field selector reads, in {@code =}, {@code ==} and {@code !=} terms alike. */
    static Set<String> fieldPaths(String fieldSelector) {
        Set<String> paths = new LinkedHashSet<>();
        for (String term : fieldSelector.split(",", -1)) {
            String path = term.strip();
            int operator = path.indexOf('=');
            int negated = path.indexOf('!');
            int end = negated >= 0 && negated < operator ? negated : operator;
            paths.add(path.substring(0, end).strip());
        }
        return paths;
    }

    /** Ties a token to the list that gave it out: the type, the namespace and the selectors, not the limit. */
    static String fingerprint(ApiResourceType type, String namespace, String labelSelector, String fieldSelector) {
        String list = type.qualifiedName() + '\n' + nullToEmpty(namespace) + '\n' + nullToEmpty(labelSelector).strip()
                + '\n' + nullToEmpty(fieldSelector).strip();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(list.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code cache:<fingerprint>:<namespace>/<name>} of the last item given, base64url without padding. */
    static String encode(String fingerprint, GenericKubernetesResource last) {
        String raw = TOKEN_PREFIX + fingerprint + ":" + nullToEmpty(last.getMetadata().getNamespace()) + "/"
                + last.getMetadata().getName();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static After decode(String token, String fingerprint) {
        After after = parse(token, fingerprint);
        if (after == null) {
            throw ProblemException.badRequest("invalid-continue", "The continue token is not one this list gave out");
        }
        return after;
    }

    private static After parse(String token, String fingerprint) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int fingerprintEnd = TOKEN_PREFIX.length() + fingerprint.length();
        if (!raw.startsWith(TOKEN_PREFIX) || raw.length() <= fingerprintEnd || raw.charAt(fingerprintEnd) != ':'
                || !FINGERPRINT.matcher(raw.substring(TOKEN_PREFIX.length(), fingerprintEnd)).matches()
                || !raw.startsWith(fingerprint, TOKEN_PREFIX.length())) {
            return null;
        }
        String key = raw.substring(fingerprintEnd + 1);
        int slash = key.indexOf('/');
        if (slash < 0 || key.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        if (!NAMESPACE.matcher(namespace).matches() || name.isEmpty() || name.length() > 253
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\uFFFD')) {
            return null;
        }
        return new After(namespace, name);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private CachedLists() {
    }
}
