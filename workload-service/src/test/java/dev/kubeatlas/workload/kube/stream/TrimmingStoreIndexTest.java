package dev.kubeatlas.workload.kube.stream;

import dev.kubeatlas.workload.kube.ApiResourceType;
import dev.kubeatlas.workload.kube.CacheIndexes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The informer's store and its indexes share one key instance per object, through updates. */
class TrimmingStoreIndexTest {

    static final ApiResourceType PODS = new ApiResourceType("", "v1", "pods", "pod", "Pod", true, List.of("po"),
            List.of("list"), List.of(), List.of());

    static GenericKubernetesResource pod(String app, String node, String phase) {
        GenericKubernetesResource pod = new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("Pod")
                .withNewMetadata().withNamespace("shop").withName("web-1").addToLabels("app", app)
                .addToLabels("team", "shop").endMetadata().build();
        pod.setAdditionalProperty("spec", new java.util.HashMap<>(Map.of("nodeName", node)));
        pod.setAdditionalProperty("status", new java.util.HashMap<>(Map.of("phase", phase)));
        return pod;
    }

    @Test
    void anUpdatedObjectIsIndexedUnderTheKeyInstanceTheStoreHolds() {
        TrimmingStore store = new TrimmingStore(new Interner());
        CacheImpl<GenericKubernetesResource> cache = new CacheImpl<>();
        cache.setItemStore(store);
        cache.addIndexers(CacheIndexes.of(PODS));

        cache.put(pod("web", "node-1", "Pending"));
        cache.put(pod("web-2", "node-2", "Running"));
        cache.put(pod("web-3", "node-2", "Running"));

        String key = store.keySet().findFirst().orElseThrow();
        assertThat(key).isEqualTo("shop/web-1");
        assertThat(store.searchKeys()).singleElement().satisfies(k -> assertThat(k.storeKey()).isSameAs(key));
        for (String[] index : new String[][]{{CacheIndexes.NAMESPACE, "shop"}, {CacheIndexes.LABELS, "app=web-3"},
                {CacheIndexes.LABELS, "team=shop"}, {CacheIndexes.NODE_NAME, "node-2"}, {CacheIndexes.PHASE, "Running"}}) {
            assertThat(cache.indexKeys(index[0], index[1])).as(index[0] + " " + index[1]).singleElement().isSameAs(key);
        }
        assertThat(cache.byIndex(CacheIndexes.LABELS, "app=web")).isEmpty();
        assertThat(cache.byIndex(CacheIndexes.NODE_NAME, "node-1")).isEmpty();
        assertThat(cache.byIndex(CacheIndexes.PHASE, "Pending")).isEmpty();

        cache.remove(pod("web-3", "node-2", "Running"));
        assertThat(cache.byIndex(CacheIndexes.LABELS, "team=shop")).isEmpty();
        assertThat(cache.byIndex(CacheIndexes.NAMESPACE, "shop")).isEmpty();
        assertThat(store.size()).isZero();
    }
}
