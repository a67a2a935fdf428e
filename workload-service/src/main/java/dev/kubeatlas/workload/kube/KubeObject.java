package dev.kubeatlas.workload.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.List;
import java.util.Map;

/**
 * One object of a cluster as the rest of the service sees it: its identity, labels, annotations and owners as plain
 * values, and the whole object as JSON. The fabric8 object inside stays in this package.
 */
public final class KubeObject {

    /** An owner reference, as {@code metadata.ownerReferences[]} names it. */
    public record Owner(String apiVersion, String kind, String name, String uid) {
    }

    private final GenericKubernetesResource resource;

    private KubeObject(GenericKubernetesResource resource) {
        this.resource = resource;
    }

    static KubeObject of(GenericKubernetesResource resource) {
        return resource == null ? null : new KubeObject(resource);
    }

    static List<KubeObject> all(List<GenericKubernetesResource> resources) {
        return resources.stream().map(KubeObject::new).toList();
    }

    GenericKubernetesResource resource() {
        return resource;
    }

    private ObjectMeta meta() {
        return resource.getMetadata() == null ? new ObjectMeta() : resource.getMetadata();
    }

    public String kind() {
        return resource.getKind();
    }

    public String apiVersion() {
        return resource.getApiVersion();
    }

    public String namespace() {
        return meta().getNamespace();
    }

    public String name() {
        return meta().getName();
    }

    public String uid() {
        return meta().getUid();
    }

    public String resourceVersion() {
        return meta().getResourceVersion();
    }

    public String creationTimestamp() {
        return meta().getCreationTimestamp();
    }

    /** As stored: null when the object has none. */
    public Map<String, String> labels() {
        return meta().getLabels();
    }

    /** As stored: null when the object has none. */
    public Map<String, String> annotations() {
        return meta().getAnnotations();
    }

    public String annotation(String key) {
        Map<String, String> annotations = annotations();
        return annotations == null ? null : annotations.get(key);
    }

    public List<Owner> owners() {
        List<io.fabric8.kubernetes.api.model.OwnerReference> refs = meta().getOwnerReferences();
        return refs == null ? List.of() : refs.stream()
                .map(r -> new Owner(r.getApiVersion(), r.getKind(), r.getName(), r.getUid())).toList();
    }

    /** The top-level {@code spec} as maps and lists (empty when there is none). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> spec() {
        Object spec = resource.getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The whole object as JSON, converted on each call. */
    public ObjectNode json() {
        return Manifests.toNode(resource);
    }

    /** A copy of {@code manifest} as an object, with {@code owner} as its only owner reference. */
    public static KubeObject fromManifest(ObjectNode manifest, Owner owner) {
        GenericKubernetesResource result = Manifests.toResource(manifest);
        if (owner != null) {
            result.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReference(
                    owner.apiVersion(), true, true, owner.kind(), owner.name(), owner.uid())));
        }
        return new KubeObject(result);
    }

    /** A manifest as an object to send (no owner added). */
    public static KubeObject fromManifest(ObjectNode manifest) {
        return fromManifest(manifest, null);
    }

    /** Whether the object has {@code metadata} at all. */
    public boolean hasMetadata() {
        return resource.getMetadata() != null;
    }

    /** Sets kind and apiVersion where the object leaves them out. */
    public void defaultKind(String kind, String apiVersion) {
        if (resource.getKind() == null) {
            resource.setKind(kind);
        }
        if (resource.getApiVersion() == null) {
            resource.setApiVersion(apiVersion);
        }
    }

    /** Sets {@code metadata.namespace} (the object must have metadata). */
    public void setNamespace(String namespace) {
        resource.getMetadata().setNamespace(namespace);
    }

    @Override
    public String toString() {
        return kind() + " " + (namespace() == null ? "" : namespace() + "/") + name();
    }
}
