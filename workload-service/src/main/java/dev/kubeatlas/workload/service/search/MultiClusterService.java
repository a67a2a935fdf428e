package dev.kubeatlas.workload.service.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.support.names.KubeNames;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.kube.stream.ClusterWatches;
import dev.kubeatlas.workload.service.ResourceService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    public MultiClusterService(Search search, ResourceService resources, ClusterWatches watches,
                                @ConfigProperty(name = "kubeatlas.workload.fan-out.max-clusters") int maxClusters) {
        this.maxClusters = maxClusters;
        this.search = search;
        this.resources = resources;
        this.watches = watches;
    }

    /**
     * @param clusters comma-separated; every watched cluster when absent
     * @param kinds    comma-separated kinds as kubectl names them; every cached kind when absent
     */
    public Map<String, Object> search(String q, String clusters, String kinds,
                                      int limit) {
        if (q == null || q.isBlank()) {
            throw ProblemException.badRequest("query-required", "Give ?q= (a name, label or image fragment)");
        }
        long start = System.nanoTime();
        List<Search.Hit> hits = search.search(q, split(clusters), split(kinds), limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", hits);
        body.put("clusters", watches.watched().keySet().stream().filter(c -> split(clusters).isEmpty() || split(clusters).contains(c)).sorted().toList());
        body.put("tookMillis", (System.nanoTime() - start) / 1_000_000.0);
        return body;
    }

    /** One type from several clusters; each item carries {@code cluster}. A failing cluster is reported, not fatal. */
    public Uni<Map<String, Object>> list(String resource, String clusters,
                                         String namespace, String labelSelector,
                                         Integer limit) {
        List<String> names = targets(clusters);
        List<Uni<Map<String, Object>>> perCluster = new ArrayList<>();
        for (String cluster : names) {
            perCluster.add(resources.list(cluster, resource, namespace, labelSelector, null, limit, null)
                    .map(listing -> Map.<String, Object>of("cluster", cluster, "items", listing.items().stream().map(o -> {
                        ObjectNode node = Manifests.present(listing.type(), o, false);
                        node.put("cluster", cluster);
                        return (JsonNode) node;
                    }).toList()))
                    .onFailure().recoverWithItem(e -> Map.of("cluster", cluster, "error", ProblemException.clusterFailure(e))));
        }
        if (perCluster.isEmpty()) {
            return Uni.createFrom().item(Map.of("items", List.of(), "errors", List.of()));
        }
        return Uni.join().all(perCluster).andFailFast().map(results -> {
            List<Object> items = new ArrayList<>();
            List<Object> errors = new ArrayList<>();
            for (Map<String, Object> r : results) {
                if (r.containsKey("error")) {
                    errors.add(Map.of("cluster", r.get("cluster"), "problem", r.get("error")));
                } else {
                    items.addAll((List<?>) r.get("items"));
                }
            }
            return Map.of("items", items, "errors", errors);
        });
    }

    /** The same object in several clusters, field by field: only the fields that differ. */
    public Uni<Map<String, Object>> compare(String resource, String name,
                                            String namespace, String clusters) {
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
            List<Map<String, Object>> differences = new ArrayList<>();
            for (String path : paths) {
                Set<JsonNode> distinct = flat.values().stream().map(m -> m.get(path)).collect(Collectors.toSet());
                if (distinct.size() > 1) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    flat.forEach((cluster, m) -> values.put(cluster, m.get(path)));
                    differences.add(Map.of("path", path, "values", values));
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("resource", resource);
            body.put("name", name);
            body.put("clusters", names);
            body.put("missingIn", missing);
            body.put("identical", differences.isEmpty() && missing.isEmpty());
            body.put("differences", differences);
            return body;
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
