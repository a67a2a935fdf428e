package dev.kubeatlas.history.model;

import dev.kubeatlas.support.problem.ProblemException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a backup covers: one cluster; some namespaces (none named: every namespace but the {@code kube-*} ones);
 * some resource types by any name workload-service accepts (none named: {@link #DEFAULT_KINDS}); a label selector.
 */
public record Scope(String cluster, List<String> namespaces, List<String> kinds, String labelSelector) {

    /**
     * What an application in a namespace is made of. Controller-owned objects (ReplicaSets, Pods, Endpoints, Jobs of
     * CronJobs) are not taken: their owners recreate them.
     */
    public static final List<String> DEFAULT_KINDS = List.of("configmaps", "secrets", "serviceaccounts",
            "roles.rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io", "resourcequotas", "limitranges",
            "persistentvolumeclaims", "deployments.apps", "statefulsets.apps", "daemonsets.apps", "cronjobs.batch",
            "jobs.batch", "horizontalpodautoscalers.autoscaling", "poddisruptionbudgets.policy", "services",
            "ingresses.networking.k8s.io", "networkpolicies.networking.k8s.io");

    public static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    public static final Pattern KIND = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,250}[a-z0-9])?");
    static final int MAX_SELECTOR = 1024;

    public Scope {
        if (cluster == null || cluster.isBlank()) {
            throw ProblemException.badRequest("invalid-scope", "'cluster' is required");
        }
        if (!NAMESPACE.matcher(cluster).matches()) {
            throw ProblemException.badRequest("invalid-scope", "'cluster' is not a cluster name (a DNS-1123 label)");
        }
        namespaces = namespaces == null ? List.of() : namespaces.stream().map(String::trim).distinct().toList();
        kinds = kinds == null ? List.of() : kinds.stream().map(k -> k.trim().toLowerCase()).distinct().toList();
        for (String ns : namespaces) {
            if (!NAMESPACE.matcher(ns).matches()) {
                throw ProblemException.badRequest("invalid-scope", "'" + ns + "' is not a namespace name");
            }
        }
        for (String kind : kinds) {
            if (!KIND.matcher(kind).matches()) {
                throw ProblemException.badRequest("invalid-scope", "'" + kind + "' is not a resource type name");
            }
        }
        if (labelSelector != null && labelSelector.isBlank()) {
            labelSelector = null;
        }
        if (labelSelector != null && labelSelector.length() > MAX_SELECTOR) {
            throw ProblemException.badRequest("invalid-scope", "The label selector is longer than " + MAX_SELECTOR);
        }
    }

    /** The resource types to read: those named, or the default set. */
    public List<String> effectiveKinds() {
        return kinds.isEmpty() ? DEFAULT_KINDS : kinds;
    }
}
