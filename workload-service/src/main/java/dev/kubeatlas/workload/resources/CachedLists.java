package dev.kubeatlas.workload.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.workload.kube.ApiResourceType;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Lists served from an informer cache, with the API server's selectors and a continue token of their own. Items
 * are ordered by namespace and name, so pages follow one another; an object created or deleted between two pages
 * may shift the next page by one, as with any cursor over a changing list.
 */
final class CachedLists {

    static final String TOKEN_PREFIX = "cache:";

    static boolean isCacheToken(String token) {
        return decode(token) != null;
    }

    static ResourceService.Listing page(ApiResourceType type, List<GenericKubernetesResource> all, String namespace,
                                        String labelSelector, String fieldSelector, Integer limit, String token) {
        Predicate<Map<String, String>> labels = Selectors.labels(labelSelector);
        Predicate<JsonNode> fields = fieldSelector == null || fieldSelector.isBlank() ? null : Selectors.fields(fieldSelector);
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
        return new ResourceService.Listing(type, matching.subList(from, to), next, null);
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
            return raw.startsWith(TOKEN_PREFIX) ? Integer.valueOf(raw.substring(TOKEN_PREFIX.length())) : null;
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
