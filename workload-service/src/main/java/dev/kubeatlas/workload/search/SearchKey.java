package dev.kubeatlas.workload.search;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A cached object with the lower-case text search looks at: its name, its labels as {@code key=value} lines, its
 * container images as lines. Built once when the object enters the cache.
 */
public record SearchKey(GenericKubernetesResource object, String name, String labels, String images) {

    public static SearchKey of(GenericKubernetesResource object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String labelText = labels == null || labels.isEmpty() ? "" : labels.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")).toLowerCase(Locale.ROOT);
        List<String> images = Search.images(object);
        return new SearchKey(object, object.getMetadata().getName().toLowerCase(Locale.ROOT), labelText,
                images.isEmpty() ? "" : String.join("\n", images).toLowerCase(Locale.ROOT));
    }
}
