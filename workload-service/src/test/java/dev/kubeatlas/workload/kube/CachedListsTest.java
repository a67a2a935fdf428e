package dev.kubeatlas.workload.kube;

import dev.kubeatlas.support.problem.ProblemException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachedListsTest {

    static final ApiResourceType PODS = new ApiResourceType("", "v1", "pods", "pod", "Pod", true, List.of("po"),
            List.of("list"), List.of(), List.of());

    static final List<GenericKubernetesResource> FIVE = IntStream.range(0, 5).mapToObj(i -> new GenericKubernetesResourceBuilder()
            .withApiVersion("v1").withKind("Pod").withNewMetadata().withName("p" + i).withNamespace("shop").endMetadata()
            .build()).toList();

    /** An informer's cache of these objects, with the indexes the service gives it. */
    static Indexer<GenericKubernetesResource> cache(List<GenericKubernetesResource> objects) {
        CacheImpl<GenericKubernetesResource> cache = new CacheImpl<>();
        cache.addIndexers(CacheIndexes.of(PODS));
        objects.forEach(cache::put);
        return cache;
    }

    static String token(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pagesFollowOneAnother() {
        ResourceClient.Page first = CachedLists.page(PODS, cache(FIVE), "shop", null, null, 2, null);
        assertThat(first.items()).extracting(KubeObject::name).containsExactly("p0", "p1");
        ResourceClient.Page second = CachedLists.page(PODS, cache(FIVE), "shop", null, null, 2, first.continueToken());
        assertThat(second.items()).extracting(KubeObject::name).containsExactly("p2", "p3");
    }

    @Test
    void aContinueTokenThisListDidNotGiveOutIsA400() {
        for (String bad : new String[]{"bm90LWEtdG9rZW4", "%%%", token("cache:-5"), token("cache:abc"), token("other:1")}) {
            assertThatThrownBy(() -> CachedLists.page(PODS, cache(FIVE), "shop", null, null, 2, bad)).as(bad)
                    .isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400));
        }
    }

    @Test
    void fieldSelectorsTakeTheFieldsTheApiServerIndexes() {
        assertThat(CachedLists.page(PODS, cache(FIVE), null, null, "metadata.name=p3", null, null).items()).hasSize(1);
        assertThat(CachedLists.page(PODS, cache(FIVE), null, null, "spec.nodeName=n1", null, null).items()).isEmpty();
        assertThatThrownBy(() -> CachedLists.page(PODS, cache(FIVE), null, null, "spec.favourite=x", null, null))
                .isInstanceOf(ProblemException.class).hasMessageContaining("not supported");
    }

    static GenericKubernetesResource pod(String namespace, String name, String app) {
        return new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("Pod").withNewMetadata()
                .withName(name).withNamespace(namespace).addToLabels("app", app).endMetadata().build();
    }

    @Test
    void itemsComeOrderedByNamespaceThenNameWhateverTheStoreOrder() {
        List<GenericKubernetesResource> store = List.of(pod("shop", "b", "web"), pod("ops", "z", "web"),
                pod("shop", "a", "db"), pod("ops", "c", "db"));
        assertThat(CachedLists.page(PODS, cache(store), null, null, null, null, null).items())
                .extracting(o -> o.namespace() + "/" + o.name()).containsExactly("ops/c", "ops/z", "shop/a", "shop/b");
    }

    @Test
    void labelSelectorsAndNamespaceSelectBeforePaging() {
        List<GenericKubernetesResource> store = List.of(pod("shop", "b", "web"), pod("ops", "z", "web"),
                pod("shop", "a", "db"), pod("shop", "c", "web"));
        ResourceClient.Page first = CachedLists.page(PODS, cache(store), "shop", "app=web", null, 1, null);
        assertThat(first.items()).extracting(KubeObject::name).containsExactly("b");
        assertThat(first.continueToken()).isNotNull();
        ResourceClient.Page last = CachedLists.page(PODS, cache(store), "shop", "app=web", null, 1, first.continueToken());
        assertThat(last.items()).extracting(KubeObject::name).containsExactly("c");
        assertThat(last.continueToken()).as("no page after the last").isNull();
        assertThat(CachedLists.page(PODS, cache(store), null, "app in (db),app!=web", null, null, null).items())
                .extracting(KubeObject::name).containsExactly("a");
        assertThat(CachedLists.page(PODS, cache(store), null, "!app", null, null, null).items()).isEmpty();
    }
}
