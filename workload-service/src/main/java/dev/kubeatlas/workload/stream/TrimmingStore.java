package dev.kubeatlas.workload.stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The informer's store, keeping objects without what KubeAtlas never hands out from the cache: managed fields and
 * the last-applied-configuration annotation (together often most of an object's size).
 */
final class TrimmingStore implements ItemStore<GenericKubernetesResource> {

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private final Map<String, GenericKubernetesResource> items = new ConcurrentHashMap<>();

    @Override
    public String getKey(GenericKubernetesResource object) {
        ObjectMeta metadata = object.getMetadata();
        return metadata.getNamespace() == null ? metadata.getName() : metadata.getNamespace() + "/" + metadata.getName();
    }

    @Override
    public GenericKubernetesResource put(String key, GenericKubernetesResource object) {
        return items.put(key, trim(object));
    }

    static GenericKubernetesResource trim(GenericKubernetesResource object) {
        ObjectMeta metadata = object.getMetadata();
        if (metadata != null) {
            metadata.setManagedFields(null);
            if (metadata.getAnnotations() != null && metadata.getAnnotations().containsKey(LAST_APPLIED)) {
                metadata.getAnnotations().remove(LAST_APPLIED);
            }
        }
        return object;
    }

    @Override
    public GenericKubernetesResource remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<GenericKubernetesResource> values() {
        return items.values().stream();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public GenericKubernetesResource get(String key) {
        return items.get(key);
    }
}
