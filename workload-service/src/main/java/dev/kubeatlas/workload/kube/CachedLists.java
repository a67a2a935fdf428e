package dev.kubeatlas.workload.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Lists served from an informer cache, with the API server's selectors and a continue token of their own. Items
 * are ordered by namespace and name, so pages follow one another; an object created or deleted between two pages
 * may shift the next page by one, as with any cursor over a changing list.
 */
final class CachedLists {

    static final String TOKEN_PREFIX = "cache:";

    /** The fields the API server indexes for every type, and for some types more: a field selector takes only these. */
    static final Set<String> COMMON_FIELDS = Set.of("metadata.name", "metadata.namespace");
    static final Map<String, Set<String>> TYPE_FIELDS = Map.of(
            "pods", Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
            "nodes", Set.of("spec.unschedulable"),
            "namespaces", Set.of("status.phase"),
            "secrets", Set.of("type"),
            "replicasets.apps", Set.of("status.replicas"),
            "jobs.batch", Set.of("status.successful"),
            "events", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"));

    static Set<String> supportedFields(ApiResourceType type) {
        Set<String> fields = new HashSet<>(COMMON_FIELDS);
        fields.addAll(TYPE_FIELDS.getOrDefault(type.qualifiedName(), Set.of()));
        return fields;
    }

    static ResourceClient.Page page(ApiResourceType type, List<GenericKubernetesResource> all, String namespace,
                                        String labelSelector, String fieldSelector, Integer limit, String token) {
        Predicate<Map<String, String>> labels = Selectors.labels(labelSelector);
        Predicate<JsonNode> fields = fieldSelector == null || fieldSelector.isBlank() ? null : Selectors.fields(fieldSelector, supportedFields(type));
        int offset = token == null || token.isBlank() ? 0 : offset(token);
        int size = limit == null ? Integer.MAX_VALUE : limit;
        List<GenericKubernetesResource> matching = all.stream()
                .filter(o -> namespace == null || namespace.isBlank() || namespace.equals(o.getMetadata().getNamespace()))
                .filter(o -> labels.test(o.getMetadata().getLabels()))
                .filter(o -> fields == null || fields.test(Manifests.toNode(o)))
                .sorted(Comparator.comparing((GenericKubernetesResource o) -> nullToEmpty(o.getMetadata().getNamespace()))
                        .thenComparing(o -> o.getMetadata().getName()))
                .toList();
        int from = Math.min(offset, matching.size());
        int to = (int) Math.min((long) from + size, matching.size());
        String next = to < matching.size() ? encode(to) : null;
        return new ResourceClient.Page(KubeObject.all(matching.subList(from, to)), next, null);
    }

    private static int offset(String token) {
        Integer offset = decode(token);
        if (offset == null) {
            throw ProblemException.badRequest("invalid-continue", "The continue token is not one this list gave out");
        }
        return offset;
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((TOKEN_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static Integer decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!raw.startsWith(TOKEN_PREFIX)) {
                return null;
            }
            int offset = Integer.parseInt(raw.substring(TOKEN_PREFIX.length()));
            return offset < 0 ? null : offset;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private CachedLists() {
    }
}
