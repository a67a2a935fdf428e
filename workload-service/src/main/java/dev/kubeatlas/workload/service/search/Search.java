package dev.kubeatlas.workload.service.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.workload.kube.ApiResourceType;
import dev.kubeatlas.workload.kube.KubeObject;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.kube.SearchKey;
import dev.kubeatlas.workload.kube.SecretDigest;
import dev.kubeatlas.workload.kube.stream.ClusterWatches;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
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

    private final SecretDigest digest;

    public Search(ClusterWatches watches, SecretDigest digest) {
        this.digest = digest;
        this.watches = watches;
    }

    public record SearchHit(String cluster, String kind, String resource, String namespace, String name, int score,
                      List<String> matched, Map<String, String> labels, List<String> images) {
    }

    /**
     * @param clusters empty for every watched cluster
     * @param kinds    empty for every cached kind; names as kubectl accepts them (plural, singular, kind, short name)
     */
    public List<SearchHit> search(String query, Set<String> clusters, Set<String> kinds, int limit) {
        String q = query.toLowerCase(Locale.ROOT).trim();
        PriorityQueue<SearchHit> best = new PriorityQueue<>(Comparator.comparingInt(SearchHit::score)
                .thenComparing(SearchHit::name, Comparator.reverseOrder()));
        for (String cluster : watches.watched().keySet()) {
            if (!clusters.isEmpty() && !clusters.contains(cluster)) {
                continue;
            }
            for (Map.Entry<ApiResourceType, Collection<SearchKey>> cache : watches.caches(cluster)) {
                ApiResourceType type = cache.getKey();
                if (!kinds.isEmpty() && !wanted(type, kinds) || type.is("", "secrets")) {
                    continue;
                }
                for (SearchKey key : cache.getValue()) {
                    int score = score(key, q);
                    if (score == 0 || best.size() >= limit && score <= best.peek().score()) {
                        continue;
                    }
                    best.add(hit(cluster, type, key, q, score));
                    if (best.size() > limit) {
                        best.poll();
                    }
                }
            }
        }
        List<SearchHit> result = new ArrayList<>(best);
        result.sort(Comparator.comparingInt(SearchHit::score).reversed().thenComparing(SearchHit::cluster).thenComparing(SearchHit::name));
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

    /** How well one object matches the lower-case query: 0 when it does not. */
    static int score(SearchKey key, String q) {
        int score = key.name().equals(q) ? 100 : key.name().startsWith(q) ? 80 : key.name().contains(q) ? 60 : 0;
        if (score < 70 && !key.images().isEmpty() && key.images().contains(q)) {
            score = 70;
        }
        if (score < 40 && !key.labels().isEmpty() && key.labels().contains(q)) {
            score = key.labels().contains("=" + q + "\n") || key.labels().endsWith("=" + q) ? 50 : 40;
        }
        return score;
    }

    static SearchHit hit(String cluster, ApiResourceType type, SearchKey key, String q, int score) {
        List<String> matched = new ArrayList<>(3);
        if (key.name().contains(q)) {
            matched.add("name");
        }
        if (key.images().contains(q)) {
            matched.add("image");
        }
        if (key.labels().contains(q)) {
            matched.add("label");
        }
        KubeObject object = key.view();
        Map<String, String> labels = object.labels() == null ? Map.of() : object.labels();
        return new SearchHit(cluster, type.kind(), type.qualifiedName(), object.namespace(),
                object.name(), score, matched, labels, key.containerImages());
    }

    /** For the compare view: the object without what differs between clusters by nature. */
    public JsonNode comparable(ApiResourceType type, KubeObject object) {
        JsonNode node = Manifests.forStream(type, object, digest);
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
