package dev.kubeatlas.workload.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The indexes an informer cache keeps beside its objects, so a list narrows its candidates before applying its
 * selectors ({@link CachedLists}): fabric8's own {@code namespace} index, every label as {@code key=value}, and for
 * pods {@code spec.nodeName} and {@code status.phase}. An entry holds a reference to the object's store key; the
 * index value is kept once per distinct value, not per object.
 */
public final class CacheIndexes {

    /** fabric8's index of every informer: the object's namespace. */
    public static final String NAMESPACE = Cache.NAMESPACE_INDEX;
    /** Each label as {@code key=value}. */
    public static final String LABELS = "labels";
    public static final String NODE_NAME = "spec.nodeName";
    public static final String PHASE = "status.phase";

    /** The field selectors an index answers, by field, for the types that have it. */
    static final Map<String, String> FIELD_INDEXES = Map.of(
            "metadata.namespace", NAMESPACE, NODE_NAME, NODE_NAME, PHASE, PHASE);

    /** The indexes to add to an informer of the type (fabric8 keeps the namespace index by itself). */
    public static Map<String, Function<GenericKubernetesResource, List<String>>> of(ApiResourceType type) {
        if (isPods(type)) {
            return Map.of(LABELS, CacheIndexes::labels,
                    NODE_NAME, o -> field(o, "spec", "nodeName"),
                    PHASE, o -> field(o, "status", "phase"));
        }
        return Map.of(LABELS, CacheIndexes::labels);
    }

    static boolean isPods(ApiResourceType type) {
        return type.qualifiedName().equals("pods");
    }

    /** The label index's value for one label. */
    static String label(String key, String value) {
        return key + "=" + value;
    }

    static List<String> labels(GenericKubernetesResource object) {
        Map<String, String> labels = object.getMetadata() == null ? null : object.getMetadata().getLabels();
        if (labels == null || labels.isEmpty()) {
            return List.of();
        }
        List<String> values = new ArrayList<>(labels.size());
        labels.forEach((k, v) -> values.add(label(k, v == null ? "" : v)));
        return values;
    }

    /** A string field two levels down, as its own (shared) instance; none when absent or empty. */
    static List<String> field(GenericKubernetesResource object, String outer, String inner) {
        if (object.getAdditionalProperties().get(outer) instanceof Map<?, ?> map
                && map.get(inner) instanceof String value && !value.isEmpty()) {
            return List.of(value);
        }
        return List.of();
    }

    private CacheIndexes() {
    }
}
