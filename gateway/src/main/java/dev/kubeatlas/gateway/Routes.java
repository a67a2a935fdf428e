package dev.kubeatlas.gateway;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which service owns a path under {@code /api/v1}. The cluster registry is cluster-service's; a cluster's diagnoses and
 * findings ({@code /api/v1/clusters/{cluster}/diagnoses}, {@code .../findings}) are ai-service's; everything else inside
 * a cluster ({@code /api/v1/clusters/{cluster}/...} except its registration, test and health) is workload-service's.
 */
public final class Routes {

    public static final String CLUSTER = "cluster-service";
    public static final String WORKLOAD = "workload-service";
    public static final String HISTORY = "yaml-history-service";
    public static final String METRICS = "metrics-service";
    public static final String AI = "ai-service";

    public static Optional<String> owner(String path) {
        if (!path.startsWith("/api/v1/")) {
            return Optional.empty();
        }
        String[] parts = path.substring("/api/v1/".length()).split("/", -1);
        if ("clusters".equals(parts[0])) {
            return Optional.of(clusterPathOwner(parts));
        }
        return Optional.ofNullable(OWNERS.get(parts[0]));
    }

    /** The owner of every path whose first word after {@code /api/v1/} is the key; clusters are shared, see above. */
    private static final Map<String, String> OWNERS = Map.of(
            "search", WORKLOAD, "resources", WORKLOAD, "compare", WORKLOAD, "audit", WORKLOAD,
            "history", HISTORY, "backups", HISTORY,
            "metrics", METRICS,
            "ai", AI, "diagnoses", AI,
            "admin", CLUSTER);

    /**
     * Every route of the gateway: the first word after {@code /api/v1/} and the services it sends such paths to
     * ({@code clusters} goes to three: the registry to cluster-service, diagnoses and findings to ai-service, the rest
     * of what is inside a cluster to workload-service).
     */
    public static Map<String, Set<String>> prefixes() {
        Map<String, Set<String>> prefixes = new TreeMap<>();
        OWNERS.forEach((prefix, owner) -> prefixes.put("/api/v1/" + prefix, Set.of(owner)));
        prefixes.put("/api/v1/clusters", Set.of(CLUSTER, WORKLOAD, AI));
        return prefixes;
    }

    /** The words of the API's paths; any other segment is a name (of a cluster, object, tag ...). */
    private static final Set<String> VOCABULARY = Set.of("clusters", "kubeconfig", "contexts", "labels", "test",
            "health", "credentials", "resources", "api-resources", "crds", "namespaces", "nodes", "pods", "taints",
            "quota-usage", "quotas", "collection", "prometheus", "detect", "promql", "series", "summary", "top",
            "changes", "search", "compare", "audit", "history", "versions", "diff", "diff-live", "rollback", "tags",
            "revisions", "rollout-status", "placement", "relations", "scheduling", "scale", "logs", "exec",
            "backups", "policies", "run", "retention", "archive", "restore", "restores", "metrics", "alerts", "rules",
            "ai", "chat", "diagnoses", "findings", "admin", "encryption", "rotate");

    /**
     * The path as a template without names, for metric labels: {@code /api/v1/clusters/prod/resources/deployments/cart}
     * is {@code /api/v1/clusters/{cluster}/resources/{name}/{name}}. Null for paths outside {@code /api/v1}.
     */
    public static String template(String path) {
        if (!path.startsWith("/api/v1/")) {
            return null;
        }
        String[] parts = path.substring("/api/v1/".length()).split("/", -1);
        StringBuilder template = new StringBuilder("/api/v1");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean clusterName = i == 1 && "clusters".equals(parts[0]) && !"kubeconfig".equals(part);
            template.append('/').append(clusterName ? "{cluster}"
                    : part.isEmpty() || VOCABULARY.contains(part) ? part : "{name}");
        }
        return template.toString();
    }

    private static String clusterPathOwner(String[] parts) {
        // /clusters, /clusters/{name}, /clusters/kubeconfig/..., /clusters/{name}/test, /clusters/{name}/health
        if (parts.length <= 2 || "kubeconfig".equals(parts[1])) {
            return CLUSTER;
        }
        return switch (parts[2]) {
            case "test", "health", "" -> CLUSTER;
            case "diagnoses", "findings" -> AI;
            default -> WORKLOAD;
        };
    }

    private Routes() {
    }
}
