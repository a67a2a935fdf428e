package dev.kubeatlas.cluster.kube;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks the API server, with SelfSubjectAccessReview, what the registered credentials may do for each verb KubeAtlas
 * needs. Cluster-wide (no namespace), as KubeAtlas operates across namespaces.
 */
public final class PermissionReview {

    public static final String ALLOWED = "allowed";
    public static final String DENIED = "denied";
    /** The server did not answer the review (no authorization API, or the review itself is forbidden). */
    public static final String UNKNOWN = "unknown";

    /**
     * @param required KubeAtlas cannot work for this cluster without it: registration fails when it is denied
     */
    record Check(String key, String verb, String group, String resource, String subresource, boolean required) {
    }

    static final List<Check> CHECKS = List.of(
            new Check("list namespaces", "list", "", "namespaces", null, true),
            new Check("list pods", "list", "", "pods", null, true),
            new Check("watch deployments", "watch", "apps", "deployments", null, false),
            new Check("list nodes", "list", "", "nodes", null, false),
            new Check("get pods/log", "get", "", "pods", "log", false),
            new Check("create pods/exec", "create", "", "pods", "exec", false),
            new Check("patch deployments", "patch", "apps", "deployments", null, false),
            new Check("update deployments/scale", "update", "apps", "deployments", "scale", false),
            new Check("delete pods", "delete", "", "pods", null, false),
            new Check("list secrets", "list", "", "secrets", null, false),
            new Check("list customresourcedefinitions", "list", "apiextensions.k8s.io", "customresourcedefinitions",
                    null, false),
            new Check("get nodes.metrics.k8s.io", "get", "metrics.k8s.io", "nodes", null, false));

    private PermissionReview() {
    }

    /** What the credentials may do, by check, in the order of {@link #CHECKS}. Never fails. */
    static Map<String, String> review(KubernetesClient client) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Check check : CHECKS) {
            result.put(check.key(), ask(client, check));
            if (UNKNOWN.equals(result.get(check.key())) && result.size() == 1) {
                // the first review got no answer: the others will not either, so do not wait on each
                CHECKS.stream().skip(1).forEach(c -> result.put(c.key(), UNKNOWN));
                break;
            }
        }
        return result;
    }

    /** The required checks the server explicitly denied; unknown ones do not count against the credentials. */
    static List<String> deniedRequired(Map<String, String> permissions) {
        return CHECKS.stream().filter(Check::required).map(Check::key)
                .filter(key -> DENIED.equals(permissions.get(key))).toList();
    }

    private static String ask(KubernetesClient client, Check check) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withResourceAttributes(new ResourceAttributesBuilder().withVerb(check.verb()).withGroup(check.group())
                        .withResource(check.resource()).withSubresource(check.subresource()).build())
                .endSpec().build();
        try {
            SelfSubjectAccessReview answer = client.authorization().v1().selfSubjectAccessReview().create(review);
            if (answer == null || answer.getStatus() == null || answer.getStatus().getAllowed() == null) {
                return UNKNOWN;
            }
            return Boolean.TRUE.equals(answer.getStatus().getAllowed()) ? ALLOWED : DENIED;
        } catch (KubernetesClientException e) {
            return UNKNOWN;
        }
    }
}
