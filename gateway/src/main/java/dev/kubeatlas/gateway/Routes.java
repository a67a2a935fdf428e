package dev.kubeatlas.gateway;

import java.util.Optional;

/**
 * Which service owns a path under {@code /api/v1}. The cluster registry is cluster-service's; everything inside a
 * cluster ({@code /api/v1/clusters/{cluster}/...} except its registration, test and health) is workload-service's.
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
        return switch (parts[0]) {
            case "clusters" -> Optional.of(clusterPathOwner(parts));
            case "search", "resources", "compare", "audit" -> Optional.of(WORKLOAD);
            case "history", "backups" -> Optional.of(HISTORY);
            case "metrics" -> Optional.of(METRICS);
            case "ai" -> Optional.of(AI);
            case "admin" -> Optional.of(CLUSTER);
            default -> Optional.empty();
        };
    }

    private static String clusterPathOwner(String[] parts) {
        // /clusters, /clusters/{name}, /clusters/kubeconfig/..., /clusters/{name}/test, /clusters/{name}/health
        if (parts.length <= 2 || "kubeconfig".equals(parts[1])) {
            return CLUSTER;
        }
        return switch (parts[2]) {
            case "test", "health", "" -> CLUSTER;
            default -> WORKLOAD;
        };
    }

    private Routes() {
    }
}
