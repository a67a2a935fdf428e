package dev.kubeatlas.workload.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A cached object with the lower-case text search looks at: its name, its labels as {@code key=value} lines, its
 * container images as lines. Built once when the object enters the cache, with the cache's key of the object
 * ({@code storeKey}: the one instance the store and the informer's indexes refer to).
 */
public record SearchKey(GenericKubernetesResource object, String name, String labels, String images, String storeKey) {

    public static SearchKey of(String storeKey, GenericKubernetesResource object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String labelText = labels == null || labels.isEmpty() ? "" : labels.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")).toLowerCase(Locale.ROOT);
        List<String> images = images(object);
        return new SearchKey(object, object.getMetadata().getName().toLowerCase(Locale.ROOT), labelText,
                images.isEmpty() ? "" : String.join("\n", images).toLowerCase(Locale.ROOT), storeKey);
    }

    /** The object, for search's answers. */
    public KubeObject view() {
        return KubeObject.of(object);
    }

    /** Its container images, as they are written. */
    public List<String> containerImages() {
        return images(object);
    }

    /** Container images of a pod, or of a workload's pod template. */
    @SuppressWarnings("unchecked")
    static List<String> images(GenericKubernetesResource object) {
        Object spec = object.getAdditionalProperties().get("spec");
        if (!(spec instanceof Map<?, ?> specMap)) {
            return List.of();
        }
        Object podSpec = specMap.get("containers") != null ? specMap : template(specMap);
        if (!(podSpec instanceof Map<?, ?> pod)) {
            return List.of();
        }
        List<String> images = new ArrayList<>();
        for (String key : List.of("initContainers", "containers")) {
            if (pod.get(key) instanceof List<?> containers) {
                for (Object c : containers) {
                    if (c instanceof Map<?, ?> container && container.get("image") instanceof String image) {
                        images.add(image);
                    }
                }
            }
        }
        return images;
    }

    private static Object template(Map<?, ?> spec) {
        Object template = spec.get("template");
        if (template == null && spec.get("jobTemplate") instanceof Map<?, ?> job && job.get("spec") instanceof Map<?, ?> jobSpec) {
            template = jobSpec.get("template");
        }
        return template instanceof Map<?, ?> t ? t.get("spec") : null;
    }
}
