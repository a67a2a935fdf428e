package dev.kubeatlas.workload.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.workload.kube.ApiResourceType;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.stream.ClusterWatches;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Search over names, labels and images of every cached object of every watched cluster, answered from the
 * informer caches: a query never lists anything from an API server. Ranking: exact name, name prefix, image,
 * name substring, label.
 */
@ApplicationScoped
public class Search {

    private final ClusterWatches watches;

    public Search(ClusterWatches watches) {
        this.watches = watches;
    }

    public record Hit(String cluster, String kind, String resource, String namespace, String name, int score,
                      List<String> matched, Map<String, String> labels, List<String> images) {
    }

    /**
     * @param clusters empty for every watched cluster
     * @param kinds    empty for every cached kind; names as kubectl accepts them (plural, singular, kind, short name)
     */
    public List<Hit> search(String query, Set<String> clusters, Set<String> kinds, int limit) {
        String q = query.toLowerCase(Locale.ROOT).trim();
        PriorityQueue<Hit> best = new PriorityQueue<>(Comparator.comparingInt(Hit::score)
                .thenComparing(Hit::name, Comparator.reverseOrder()));
        for (String cluster : watches.watched().keySet()) {
            if (!clusters.isEmpty() && !clusters.contains(cluster)) {
                continue;
            }
            for (Map.Entry<ApiResourceType, List<GenericKubernetesResource>> cache : watches.caches(cluster)) {
                ApiResourceType type = cache.getKey();
                if (!kinds.isEmpty() && !wanted(type, kinds) || type.is("", "secrets")) {
                    continue;
                }
                for (GenericKubernetesResource object : cache.getValue()) {
                    Hit hit = score(cluster, type, object, q);
                    if (hit != null) {
                        best.add(hit);
                        if (best.size() > limit) {
                            best.poll();
                        }
                    }
                }
            }
        }
        List<Hit> result = new ArrayList<>(best);
        result.sort(Comparator.comparingInt(Hit::score).reversed().thenComparing(Hit::cluster).thenComparing(Hit::name));
        return result;
    }

    static boolean wanted(ApiResourceType type, Set<String> kinds) {
        for (String k : kinds) {
            String kind = k.toLowerCase(Locale.ROOT);
            if (kind.equals(type.plural()) || kind.equals(type.singular()) || kind.equals(type.qualifiedName())
                    || kind.equals(type.kind().toLowerCase(Locale.ROOT)) || type.shortNames().contains(kind)) {
                return true;
            }
        }
        return false;
    }

    static Hit score(String cluster, ApiResourceType type, GenericKubernetesResource object, String q) {
        String name = object.getMetadata().getName();
        String lowerName = name.toLowerCase(Locale.ROOT);
        int score = 0;
        List<String> matched = new ArrayList<>();
        if (lowerName.equals(q)) {
            score = 100;
            matched.add("name");
        } else if (lowerName.startsWith(q)) {
            score = 80;
            matched.add("name");
        } else if (lowerName.contains(q)) {
            score = 60;
            matched.add("name");
        }
        List<String> images = images(object);
        for (String image : images) {
            if (image.toLowerCase(Locale.ROOT).contains(q)) {
                score = Math.max(score, 70);
                matched.add("image");
                break;
            }
        }
        Map<String, String> labels = object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String text = (label.getKey() + "=" + label.getValue()).toLowerCase(Locale.ROOT);
            if (text.contains(q)) {
                score = Math.max(score, label.getValue().equalsIgnoreCase(q) ? 50 : 40);
                matched.add("label");
                break;
            }
        }
        if (score == 0) {
            return null;
        }
        return new Hit(cluster, type.kind(), type.qualifiedName(), object.getMetadata().getNamespace(), name, score,
                matched, labels, images);
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

    /** For the compare view: the object without what differs between clusters by nature. */
    static JsonNode comparable(GenericKubernetesResource object) {
        JsonNode node = Manifests.forStream(object);
        JsonNode metadata = node.path("metadata");
        if (metadata instanceof ObjectNode m) {
            m.remove(List.of("uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "ownerReferences"));
            if (m.path("annotations") instanceof ObjectNode a) {
                a.remove("deployment.kubernetes.io/revision");
            }
        }
        return node;
    }
}
