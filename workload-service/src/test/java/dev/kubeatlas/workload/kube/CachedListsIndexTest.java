package dev.kubeatlas.workload.kube;

import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cached lists: candidates from the informer's indexes, keyset pages that survive changes between them. */
class CachedListsIndexTest {

    static final ApiResourceType PODS = CachedListsTest.PODS;
    static final ApiResourceType NODES = new ApiResourceType("", "v1", "nodes", "node", "Node", false, List.of("no"),
            List.of("list"), List.of(), List.of());
    static final List<String> NAMESPACES = List.of("shop", "ops", "a", "a-b");
    static final List<String> APPS = List.of("web", "db", "cache", "api", "batch");

    static GenericKubernetesResource pod(String namespace, String name, Map<String, String> labels, String node, String phase) {
        GenericKubernetesResource pod = new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("Pod")
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata().build();
        Map<String, Object> spec = new LinkedHashMap<>();
        if (node != null) {
            spec.put("nodeName", node);
        }
        spec.put("restartPolicy", "Always");
        pod.setAdditionalProperty("spec", spec);
        pod.setAdditionalProperty("status", new LinkedHashMap<>(Map.of("phase", phase, "podIP", "10.0.0.1")));
        return pod;
    }

    /** 120 pods over four namespaces, five apps, three nodes (and some not scheduled), three phases. */
    static List<GenericKubernetesResource> pods() {
        List<GenericKubernetesResource> pods = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Map<String, String> labels = new HashMap<>();
            labels.put("app", APPS.get(i % APPS.size()));
            if (i % 3 == 0) {
                labels.put("tier", i % 2 == 0 ? "front" : "back");
            }
            if (i % 10 == 0) {
                labels.put("canary", "");
            }
            String node = i % 7 == 0 ? null : "node-" + (i % 3);
            String phase = node == null ? "Pending" : i % 11 == 0 ? "Failed" : "Running";
            pods.add(pod(NAMESPACES.get(i % NAMESPACES.size()), String.format("pod-%03d", (i * 37) % 120), labels, node, phase));
        }
        return pods;
    }

    static CacheImpl<GenericKubernetesResource> cache(ApiResourceType type, List<GenericKubernetesResource> objects) {
        CacheImpl<GenericKubernetesResource> cache = new CacheImpl<>();
        cache.addIndexers(CacheIndexes.of(type));
        objects.forEach(cache::put);
        return cache;
    }

    static String key(KubeObject o) {
        return (o.namespace() == null ? "" : o.namespace()) + "/" + o.name();
    }

    static String key(GenericKubernetesResource o) {
        return (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace()) + "/" + o.getMetadata().getName();
    }

    /** What a list should answer: the whole store filtered by the selectors on whole objects, sorted. */
    static List<String> expected(ApiResourceType type, Indexer<GenericKubernetesResource> cache, String namespace,
                                 String labelSelector, String fieldSelector) {
        Predicate<Map<String, String>> labels = Selectors.labels(labelSelector);
        var fields = Selectors.fields(fieldSelector, CachedLists.supportedFields(type));
        return cache.list().stream()
                .filter(o -> namespace == null || namespace.equals(o.getMetadata().getNamespace()))
                .filter(o -> labels.test(o.getMetadata().getLabels()))
                .filter(o -> fields.test(Manifests.toNode(o)))
                .sorted(CachedLists.ORDER).map(CachedListsIndexTest::key).toList();
    }

    /** Every page of a list, one after the other. */
    static List<String> walk(ApiResourceType type, Indexer<GenericKubernetesResource> cache, String namespace,
                             String labelSelector, String fieldSelector, int limit) {
        List<String> all = new ArrayList<>();
        String token = null;
        for (int pages = 0; pages < 1000; pages++) {
            ResourceClient.Page page = CachedLists.page(type, cache, namespace, labelSelector, fieldSelector, limit, token);
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            page.items().forEach(o -> all.add(key(o)));
            token = page.continueToken();
            if (token == null) {
                return all;
            }
            assertThat(page.items()).as("a page with a next one is full").hasSize(limit);
        }
        throw new AssertionError("the pages never end");
    }

    @Test
    void selectorsNarrowAsOnWholeObjectsWhateverIndexAnswers() {
        CacheImpl<GenericKubernetesResource> cache = cache(PODS, pods());
        List<String> labelSelectors = java.util.Arrays.asList(null, "app=web", "app==db", "app in (web, cache)",
                "app!=web", "app notin (web,db)", "tier", "!tier", "canary", "app=web,tier=front", "tier in (front),app!=db",
                "app in (web),app=db", "canary=", "app=nothing");
        List<String> fieldSelectors = java.util.Arrays.asList(null, "spec.nodeName=node-1", "spec.nodeName!=node-1",
                "spec.nodeName=", "status.phase=Running", "status.phase==Failed", "status.phase!=Running",
                "metadata.namespace=ops", "metadata.name=pod-007", "spec.nodeName=node-2,status.phase=Running",
                "spec.restartPolicy=Always", "status.podIP=10.0.0.2");
        int lists = 0;
        for (String namespace : java.util.Arrays.asList(null, "shop", "a")) {
            for (String labels : labelSelectors) {
                for (String fields : fieldSelectors) {
                    List<String> expected = expected(PODS, cache, namespace, labels, fields);
                    String what = namespace + " | " + labels + " | " + fields;
                    assertThat(CachedLists.page(PODS, cache, namespace, labels, fields, null, null).items())
                            .as(what).extracting(CachedListsIndexTest::key).containsExactlyElementsOf(expected);
                    assertThat(walk(PODS, cache, namespace, labels, fields, 4)).as(what + " in pages of 4")
                            .containsExactlyElementsOf(expected);
                    lists++;
                }
            }
        }
        assertThat(lists).isEqualTo(3 * 14 * 12);
        // the matrix is not vacuous: some of these lists are long, some short, some empty
        assertThat(expected(PODS, cache, null, null, null)).hasSize(120);
        assertThat(expected(PODS, cache, "shop", "app in (web, cache)", "status.phase=Running")).isNotEmpty().hasSizeLessThan(30);
        assertThat(expected(PODS, cache, null, null, "spec.nodeName=")).hasSize(18);
    }

    @Test
    void theMostSelectiveIndexGivesTheCandidates() {
        CacheImpl<GenericKubernetesResource> cache = cache(PODS, pods());
        assertThat(candidates(cache, "shop", null, null)).hasSize(30);
        assertThat(candidates(cache, null, "app=web", null)).hasSize(24);
        // a namespace of 30 and an app of 24: the app's 24, then the namespace is tested on those
        assertThat(candidates(cache, "shop", "app=web", null)).hasSize(24);
        assertThat(candidates(cache, "shop", "app=web,tier=front", null)).hasSize(20);
        assertThat(candidates(cache, null, "app in (web,db)", null)).hasSize(48);
        assertThat(candidates(cache, null, "canary", "spec.nodeName=node-1")).hasSize(34);
        assertThat(candidates(cache, "a", null, "status.phase=Failed")).hasSize(9);
        assertThat(candidates(cache, null, null, "metadata.namespace=ops")).hasSize(30);
        assertThat(candidates(cache, null, "app=web,app=db", null)).as("contradicting terms").isEmpty();
        assertThat(candidates(cache, null, "app=nothing", null)).isEmpty();
        // nothing pins a value: the whole store
        for (String[] none : new String[][]{{"app!=web", null}, {"app notin (web)", null}, {"tier", null},
                {"!tier", null}, {null, "spec.nodeName!=node-1"}, {null, "spec.nodeName="}, {null, "metadata.name=pod-001"}}) {
            assertThat(candidates(cache, null, none[0], none[1])).as(String.join(" ", java.util.Arrays.toString(none))).hasSize(120);
        }
    }

    static java.util.Collection<GenericKubernetesResource> candidates(Indexer<GenericKubernetesResource> cache,
                                                                      String namespace, String labels, String fields) {
        return CachedLists.candidates(cache, CachedLists.lookups(cache, namespace, labels, fields));
    }

    @Test
    void nodeNameAndPhaseAreIndexedForPodsOnly() {
        assertThat(CacheIndexes.of(PODS)).containsOnlyKeys(CacheIndexes.LABELS, CacheIndexes.NODE_NAME, CacheIndexes.PHASE);
        assertThat(CacheIndexes.of(NODES)).containsOnlyKeys(CacheIndexes.LABELS);
        CacheImpl<GenericKubernetesResource> cache = cache(PODS, pods());
        assertThat(cache.byIndex(CacheIndexes.NODE_NAME, "node-0")).isNotEmpty()
                .allSatisfy(o -> assertThat(((Map<?, ?>) o.getAdditionalProperties().get("spec")).get("nodeName")).isEqualTo("node-0"));
        assertThat(cache.byIndex(CacheIndexes.LABELS, "canary=")).hasSize(12);
    }

    @Test
    void pagesListEveryObjectOnceInOrderWhileObjectsComeAndGoBetweenThem() {
        List<GenericKubernetesResource> pods = pods();
        CacheImpl<GenericKubernetesResource> cache = cache(PODS, pods);
        List<String> seen = new ArrayList<>();
        ResourceClient.Page first = CachedLists.page(PODS, cache, null, null, null, 10, null);
        first.items().forEach(o -> seen.add(key(o)));
        assertThat(seen).containsExactlyElementsOf(expected(PODS, cache, null, null, null).subList(0, 10));

        // between two pages: one listed object goes, one not yet listed goes, one comes before the cursor, one after
        GenericKubernetesResource listed = byKey(pods, seen.get(3));
        String notYetListed = expected(PODS, cache, null, null, null).get(15);
        cache.remove(listed);
        cache.remove(byKey(pods, notYetListed));
        cache.put(pod("a", "aaa-new", Map.of("app", "web"), "node-0", "Running"));
        cache.put(pod("shop", "zzz-new", Map.of("app", "web"), "node-0", "Running"));
        String eleventh = expected(PODS, cache(PODS, pods), null, null, null).get(10);

        ResourceClient.Page second = CachedLists.page(PODS, cache, null, null, null, 10, first.continueToken());
        assertThat(key(second.items().get(0))).as("the next page starts where the first ended, not one further")
                .isEqualTo(eleventh);
        second.items().forEach(o -> seen.add(key(o)));
        String token = second.continueToken();
        while (token != null) {
            ResourceClient.Page next = CachedLists.page(PODS, cache, null, null, null, 10, token);
            next.items().forEach(o -> seen.add(key(o)));
            token = next.continueToken();
        }
        assertThat(seen).doesNotHaveDuplicates().isSortedAccordingTo(CachedListsIndexTest::compareKeys)
                .contains("shop/zzz-new").doesNotContain("a/aaa-new", notYetListed);
        List<String> throughout = new ArrayList<>(expected(PODS, cache(PODS, pods), null, null, null));
        throughout.remove(notYetListed);
        assertThat(seen).containsAll(throughout).hasSize(throughout.size() + 1);
    }

    @Test
    void randomChangesBetweenPagesNeverRepeatOrSkipAnObjectThatStays() {
        Random random = new Random(42);
        for (int round = 0; round < 30; round++) {
            List<GenericKubernetesResource> pods = pods();
            CacheImpl<GenericKubernetesResource> cache = cache(PODS, pods);
            String labels = round % 3 == 0 ? null : round % 3 == 1 ? "app in (web,db)" : "app!=cache";
            String namespace = round % 2 == 0 ? null : NAMESPACES.get(round % 4);
            Set<String> stayed = new HashSet<>(expected(PODS, cache, namespace, labels, null));
            Set<String> everMatched = new HashSet<>(stayed);
            assertThat(stayed).isNotEmpty();
            int limit = 1 + random.nextInt(12);
            List<String> seen = new ArrayList<>();
            String token = null;
            int serial = 0;
            do {
                ResourceClient.Page page = CachedLists.page(PODS, cache, namespace, labels, null, limit, token);
                page.items().forEach(o -> seen.add(key(o)));
                token = page.continueToken();
                for (int change = random.nextInt(4); change > 0; change--) {
                    List<GenericKubernetesResource> present = cache.list();
                    if (random.nextBoolean() && !present.isEmpty()) {
                        GenericKubernetesResource gone = present.get(random.nextInt(present.size()));
                        cache.remove(gone);
                        stayed.remove(key(gone));
                    } else {
                        GenericKubernetesResource added = pod(NAMESPACES.get(random.nextInt(4)),
                                String.format("pod-%03d-%d", random.nextInt(120), serial++),
                                Map.of("app", APPS.get(random.nextInt(APPS.size()))), "node-1", "Running");
                        cache.put(added);
                        everMatched.add(key(added));
                    }
                }
            } while (token != null);
            assertThat(seen).as("round " + round).doesNotHaveDuplicates()
                    .isSortedAccordingTo(CachedListsIndexTest::compareKeys).containsAll(stayed);
            assertThat(everMatched).as("round " + round + ": only objects that were there").containsAll(seen);
        }
    }

    @Test
    void aLimitOfOneWalksTheListOneByOne() {
        CacheImpl<GenericKubernetesResource> cache = cache(PODS, pods());
        List<String> expected = expected(PODS, cache, "ops", "app in (web,db,cache)", null);
        assertThat(expected).hasSizeGreaterThan(5);
        assertThat(walk(PODS, cache, "ops", "app in (web,db,cache)", null, 1)).containsExactlyElementsOf(expected);
    }

    @Test
    void aLimitLargerThanTheListIsOnePageWithoutAContinueToken() {
        CacheImpl<GenericKubernetesResource> cache = cache(PODS, pods());
        ResourceClient.Page page = CachedLists.page(PODS, cache, "shop", null, null, 10_000, null);
        assertThat(page.items()).extracting(CachedListsIndexTest::key)
                .containsExactlyElementsOf(expected(PODS, cache, "shop", null, null));
        assertThat(page.continueToken()).isNull();
        ResourceClient.Page exact = CachedLists.page(PODS, cache, "shop", null, null, 30, null);
        assertThat(exact.items()).hasSize(30);
        assertThat(exact.continueToken()).as("a list that fills its last page exactly has no page after it").isNull();
    }

    @Test
    void namespacesComeInOrderBeforeNamesAndClusterScopedObjectsByName() {
        CacheImpl<GenericKubernetesResource> pods = cache(PODS, List.of(pod("a-b", "x", Map.of(), null, "Pending"),
                pod("a", "z", Map.of(), null, "Pending"), pod("a", "y", Map.of(), null, "Pending")));
        assertThat(walk(PODS, pods, null, null, null, 1)).containsExactly("a/y", "a/z", "a-b/x");
        List<GenericKubernetesResource> nodes = new ArrayList<>();
        for (String name : List.of("worker-2", "master", "worker-10", "worker-1")) {
            nodes.add(new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("Node").withNewMetadata()
                    .withName(name).addToLabels("role", name.startsWith("worker") ? "worker" : "control").endMetadata().build());
        }
        CacheImpl<GenericKubernetesResource> cluster = cache(NODES, nodes);
        assertThat(walk(NODES, cluster, null, null, null, 2))
                .containsExactly("/master", "/worker-1", "/worker-10", "/worker-2");
        assertThat(walk(NODES, cluster, null, "role=worker", null, 1)).containsExactly("/worker-1", "/worker-10", "/worker-2");
    }

    @Test
    void aTokenIsTheLastKeyBehindAPrefixAndServesOnlyTheListThatGaveItOut() {
        CacheImpl<GenericKubernetesResource> cache = cache(PODS, pods());
        ResourceClient.Page first = CachedLists.page(PODS, cache, "shop", "app=web", null, 2, null);
        String raw = new String(Base64.getUrlDecoder().decode(first.continueToken()), StandardCharsets.UTF_8);
        assertThat(raw).startsWith(CachedLists.TOKEN_PREFIX).endsWith(":" + key(first.items().get(1)));
        // the same list may change its page size
        assertThat(CachedLists.page(PODS, cache, "shop", "app=web", null, 5, first.continueToken()).items()).isNotEmpty();

        String fingerprint = raw.substring(CachedLists.TOKEN_PREFIX.length(), raw.indexOf(':', CachedLists.TOKEN_PREFIX.length()));
        List<String> refused = new ArrayList<>(List.of("bm90LWEtdG9rZW4", "%%%", "", token("cache:5"),
                token("cache:" + fingerprint), token("cache:" + fingerprint + ":"), token("cache:" + fingerprint + ":shop"),
                token("cache:" + fingerprint + ":shop/"), token("cache:" + fingerprint + ":shop/a/b"),
                token("cache:" + fingerprint + ":Shop!/pod-001"), token("cache:" + fingerprint + ":shop/pod\u0000"),
                token("cache:0000zzzz:shop/pod-001"), token("other:" + fingerprint + ":shop/pod-001")));
        refused.remove("");
        for (String bad : refused) {
            assertThatThrownBy(() -> CachedLists.page(PODS, cache, "shop", "app=web", null, 2, bad)).as(bad)
                    .isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400))
                    .hasMessageContaining("continue token");
        }
        // another namespace, other selectors, another type: not the list that gave the token out
        for (String[] other : new String[][]{{"ops", "app=web", null}, {"shop", "app=db", null}, {"shop", "app=web", "status.phase=Running"},
                {null, "app=web", null}}) {
            assertThatThrownBy(() -> CachedLists.page(PODS, cache, other[0], other[1], other[2], 2, first.continueToken()))
                    .as(String.join(",", java.util.Arrays.asList(other))).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400));
        }
        assertThatThrownBy(() -> CachedLists.page(NODES, cache, "shop", "app=web", null, 2, first.continueToken()))
                .isInstanceOf(ProblemException.class);
        // a token of this list whose object is gone still leads on
        assertThat(CachedLists.page(PODS, cache, "shop", "app=web", null, 2,
                token("cache:" + fingerprint + ":shop/pod-0005")).items()).isNotEmpty();
    }

    @Test
    void aFieldSelectorReadsTheSameValuesFromItsFieldsAsFromTheWholeObject() {
        GenericKubernetesResource pod = pod("shop", "web-1", Map.of("app", "web"), "node-1", "Running");
        pod.setAdditionalProperty("spec", new LinkedHashMap<>(Map.of("nodeName", "node-1", "hostNetwork", true,
                "containers", List.of(Map.of("name", "c")), "priority", 7)));
        Set<String> paths = Set.of("spec.nodeName", "spec.hostNetwork", "spec.containers", "spec.priority",
                "spec.missing", "status.phase", "metadata.name", "metadata.namespace", "nothing.here", "kind");
        var narrow = CachedLists.fieldNode(pod, paths);
        var whole = Manifests.toNode(pod);
        for (String path : paths) {
            var a = narrow;
            var b = (com.fasterxml.jackson.databind.JsonNode) whole;
            for (String segment : path.split("\\.")) {
                a = a.path(segment);
                b = b.path(segment);
            }
            assertThat(a.asText()).as(path).isEqualTo(b.asText());
        }
    }

    static GenericKubernetesResource byKey(List<GenericKubernetesResource> objects, String key) {
        return objects.stream().filter(o -> key(o).equals(key)).findFirst().orElseThrow();
    }

    static int compareKeys(String a, String b) {
        String[] x = a.split("/", 2);
        String[] y = b.split("/", 2);
        int byNamespace = x[0].compareTo(y[0]);
        return byNamespace != 0 ? byNamespace : x[1].compareTo(y[1]);
    }

    static String token(String raw) {
        return CachedListsTest.token(raw);
    }
}
