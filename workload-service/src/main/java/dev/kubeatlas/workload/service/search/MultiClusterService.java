package dev.kubeatlas.workload.service.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.support.names.KubeNames;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.workload.config.WorkloadConfig;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.kube.stream.ClusterWatches;
import dev.kubeatlas.workload.service.ResourceService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Answers that fan out over several clusters: search over the informer caches, one type listed from several
 * clusters (a failing cluster is reported beside the others' items), and one object compared across clusters.
 */
@ApplicationScoped
public class MultiClusterService {

    private final Search search;
    private final ResourceService resources;
    private final ClusterWatches watches;

    private final int maxClusters;

    /**
     * What a search found, best first, and which clusters it looked in.
     *
     * @param tookMillis time spent searching the caches
     */
    public record SearchResults(List<Search.SearchHit> items, List<String> clusters, double tookMillis) {
    }

    /**
     * One object as several clusters have it.
     *
     * @param missingIn   clusters where the object does not exist
     * @param identical   true when every cluster has it and no field differs
     * @param differences the fields that differ, each with its value per cluster (null where a cluster lacks it)
     */
    public record ClusterComparison(String resource, String name, List<String> clusters, List<String> missingIn,
                             boolean identical, List<FieldDifference> differences) {
    }

    /** One field that differs: its path ({@code spec.template.spec.containers[0].image}) and each cluster's value. */
    public record FieldDifference(String path, Map<String, JsonNode> values) {
    }

    public MultiClusterService(Search search, ResourceService resources, ClusterWatches watches,
                               WorkloadConfig config) {
        this.maxClusters = config.fanOut().maxClusters();
        this.search = search;
        this.resources = resources;
        this.watches = watches;
    }

    /**
     * @param clusters comma-separated; every watched cluster when absent
     * @param kinds    comma-separated kinds as kubectl names them; every cached kind when absent
     */
    public SearchResults search(String q, String clusters, String kinds, int limit) {
        if (q == null || q.isBlank()) {
            throw ProblemException.badRequest("query-required", "Give ?q= (a name, label or image fragment)");
        }
        long start = System.nanoTime();
        Set<String> wanted = split(clusters);
        List<Search.SearchHit> hits = search.search(q, wanted, split(kinds), limit);
        List<String> searched = watches.watched().keySet().stream()
                .filter(c -> wanted.isEmpty() || wanted.contains(c)).sorted().toList();
        return new SearchResults(hits, searched, (System.nanoTime() - start) / 1_000_000.0);
    }

    /** One type from several clusters; each item carries {@code cluster}. A failing cluster is reported, not fatal. */
    public Uni<Items<JsonNode>> list(String resource, String clusters, String namespace, String labelSelector,
                                     Integer limit) {
        List<String> names = targets(clusters);
        if (names.isEmpty()) {
            return Uni.createFrom().item(Items.fanOut(List.of(), List.of()));
        }
        String instance = "/api/v1/resources/" + resource;
        List<Uni<Items<JsonNode>>> perCluster = new ArrayList<>();
        for (String cluster : names) {
            perCluster.add(resources.list(cluster, resource, namespace, labelSelector, null, limit, null)
                    .map(listing -> Items.of(listing.items().stream().map(o -> {
                        ObjectNode node = Manifests.present(listing.type(), o, false);
                        node.put("cluster", cluster);
                        return (JsonNode) node;
                    }).toList()))
                    .onFailure().recoverWithItem(e -> Items.fanOut(List.of(), List.of(Items.ClusterError.of(cluster, e, instance)))));
        }
        return Uni.join().all(perCluster).andFailFast().map(results -> {
            List<JsonNode> items = new ArrayList<>();
            List<Items.ClusterError> errors = new ArrayList<>();
            for (Items<JsonNode> r : results) {
                items.addAll(r.items());
                if (r.errors() != null) {
                    errors.addAll(r.errors());
                }
            }
            return Items.fanOut(items, errors);
        });
    }

    /** The same object in several clusters, field by field: only the fields that differ. */
    public Uni<ClusterComparison> compare(String resource, String name, String namespace, String clusters) {
        List<String> names = targets(clusters);
        if (names.size() < 2) {
            throw ProblemException.badRequest("clusters-required", "Give at least two clusters: ?clusters=a,b");
        }
        List<Uni<Map.Entry<String, JsonNode>>> fetched = names.stream().map(cluster ->
                resources.get(cluster, resource, namespace, name)
                        .map(f -> Map.entry(cluster, search.comparable(f.type(), f.object())))
                        // the object is missing there; an unknown cluster or type stays a 404 of the whole request
                        .onFailure(e -> e instanceof ProblemException p && "resource-not-found".equals(p.slug()))
                        .recoverWithItem(new AbstractMap.SimpleEntry<>(cluster, (JsonNode) null))).toList();
        return Uni.join().all(fetched).andFailFast().map(entries -> {
            Map<String, Map<String, JsonNode>> flat = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : entries) {
                if (e.getValue() == null) {
                    missing.add(e.getKey());
                } else {
                    Map<String, JsonNode> leaves = new TreeMap<>();
                    flatten("", e.getValue(), leaves);
                    flat.put(e.getKey(), leaves);
                }
            }
            Set<String> paths = new TreeSet<>();
            flat.values().forEach(m -> paths.addAll(m.keySet()));
            List<FieldDifference> differences = new ArrayList<>();
            for (String path : paths) {
                Set<JsonNode> distinct = flat.values().stream().map(m -> m.get(path)).collect(Collectors.toSet());
                if (distinct.size() > 1) {
                    Map<String, JsonNode> values = new LinkedHashMap<>();
                    flat.forEach((cluster, m) -> values.put(cluster, m.get(path)));
                    differences.add(new FieldDifference(path, values));
                }
            }
            return new ClusterComparison(resource, name, names, missing, differences.isEmpty() && missing.isEmpty(), differences);
        });
    }

    static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), out);
            }
            if (node.isEmpty()) {
                out.put(prefix, node);
            }
        } else {
            out.put(prefix, node);
        }
    }

    /** The clusters named (each checked), or every watched one; never more than the fan-out cap. */
    private List<String> targets(String clusters) {
        Set<String> wanted = split(clusters);
        wanted.forEach(KubeNames::cluster);
        List<String> targets = wanted.isEmpty() ? watches.watched().keySet().stream().sorted().toList()
                : List.copyOf(new TreeSet<>(wanted));
        if (targets.size() > maxClusters) {
            throw ProblemException.badRequest("too-many-clusters", "A request reaches at most " + maxClusters
                    + " clusters; " + targets.size() + " were asked for: name fewer with ?clusters=");
        }
        return targets;
    }

    static Set<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
