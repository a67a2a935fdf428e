package dev.kubeatlas.workload.kube.stream;

import dev.kubeatlas.workload.kube.SearchKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The informer's store. It keeps objects without what KubeAtlas never hands out from the cache (managed fields,
 * the last-applied-configuration annotation), shares equal short strings between objects (labels, images,
 * phases and quantities repeat across thousands of pods), and keeps each object's search key beside it, so a search
 * scans prepared lower-case text instead of walking objects.
 */
final class TrimmingStore implements ItemStore<GenericKubernetesResource> {

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    static final int CANONICAL_MAX_LENGTH = 128;

    private final Map<String, SearchKey> items = new ConcurrentHashMap<>();
    private final Interner interner;

    TrimmingStore(Interner interner) {
        this.interner = interner;
    }

    /**
     * {@code namespace/name}, or the name of a cluster-scoped object; for an object already cached, the key instance
     * the store holds, so the informer's indexes, which keep the key they are given, refer to that one instance
     * instead of a copy per update.
     */
    @Override
    public String getKey(GenericKubernetesResource object) {
        ObjectMeta metadata = object.getMetadata();
        String key = metadata.getNamespace() == null ? metadata.getName() : metadata.getNamespace() + "/" + metadata.getName();
        SearchKey cached = items.get(key);
        return cached == null ? key : cached.storeKey();
    }

    @Override
    public GenericKubernetesResource put(String key, GenericKubernetesResource object) {
        SearchKey previous = items.put(key, SearchKey.of(key, trim(object)));
        return previous == null ? null : previous.object();
    }

    GenericKubernetesResource trim(GenericKubernetesResource object) {
        ObjectMeta metadata = object.getMetadata();
        if (metadata != null) {
            metadata.setManagedFields(null);
            if (metadata.getAnnotations() != null && metadata.getAnnotations().containsKey(LAST_APPLIED)) {
                metadata.getAnnotations().remove(LAST_APPLIED);
            }
            share(metadata.getLabels());
            share(metadata.getAnnotations());
        }
        object.getAdditionalProperties().replaceAll((k, v) -> share(v));
        return object;
    }

    /** Replaces short strings by one shared instance, through maps and lists. */
    @SuppressWarnings("unchecked")
    private Object share(Object value) {
        if (value instanceof String s) {
            return s.length() <= CANONICAL_MAX_LENGTH ? interner.intern(s) : s;
        }
        if (value instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).replaceAll((k, v) -> share(v));
        } else if (value instanceof List<?> list) {
            ((List<Object>) list).replaceAll(this::share);
        }
        return value;
    }

    @Override
    public GenericKubernetesResource remove(String key) {
        SearchKey removed = items.remove(key);
        return removed == null ? null : removed.object();
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<GenericKubernetesResource> values() {
        return items.values().stream().map(SearchKey::object);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public GenericKubernetesResource get(String key) {
        SearchKey found = items.get(key);
        return found == null ? null : found.object();
    }

    /** The objects with their search keys. */
    Collection<SearchKey> searchKeys() {
        return items.values();
    }
}
