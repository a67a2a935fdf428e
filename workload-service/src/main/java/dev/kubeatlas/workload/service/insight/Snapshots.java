package dev.kubeatlas.workload.service.insight;

import dev.kubeatlas.workload.kube.ApiCatalog;
import dev.kubeatlas.workload.kube.ApiResourceType;
import dev.kubeatlas.workload.kube.KubeObject;
import dev.kubeatlas.workload.service.ResourceService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several kinds of objects of one cluster at once (from the informer caches where they exist), for the views that
 * relate objects to one another. Kinds the cluster does not serve are left out.
 */
@ApplicationScoped
public class Snapshots {

    private final ApiCatalog catalog;
    private final ResourceService resources;

    public Snapshots(ApiCatalog catalog, ResourceService resources) {
        this.catalog = catalog;
        this.resources = resources;
    }

    /** Objects by type; {@code namespace} null for all namespaces (cluster-scoped kinds always come whole). */
    public record Snapshot(Map<ApiResourceType, List<KubeObject>> objects) {

        public List<KubeObject> of(String group, String plural) {
            return objects.entrySet().stream().filter(e -> e.getKey().is(group, plural)).findFirst()
                    .map(Map.Entry::getValue).orElse(List.of());
        }
    }

    /** @param kinds {@code plural.group} names, as kubectl names them */
    public Uni<Snapshot> load(String cluster, String namespace, List<String> kinds) {
        return catalog.types(cluster).chain(types -> {
            List<ApiResourceType> wanted = kinds.stream().map(k -> ApiCatalog.find(types, k)).flatMap(Optional::stream)
                    .distinct().toList();
            if (wanted.isEmpty()) {
                return Uni.createFrom().item(new Snapshot(Map.of()));
            }
            List<Uni<Map.Entry<ApiResourceType, List<KubeObject>>>> lists = new ArrayList<>();
            for (ApiResourceType type : wanted) {
                lists.add(resources.list(cluster, type.qualifiedName(), type.namespaced() ? namespace : null, null, null, null, null)
                        .map(l -> Map.entry(type, l.items()))
                        // a kind the credentials may not list leaves a gap, not a failure
                        .onFailure().recoverWithItem(Map.entry(type, List.of())));
            }
            return Uni.join().all(lists).andFailFast().map(entries -> {
                Map<ApiResourceType, List<KubeObject>> map = new LinkedHashMap<>();
                entries.forEach(e -> map.put(e.getKey(), e.getValue()));
                return new Snapshot(map);
            });
        });
    }
}
