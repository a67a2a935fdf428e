package dev.kubeatlas.metrics.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One look at a cluster: every node and pod with capacity, requests, limits and (when metrics.k8s.io answers)
 * usage, and the cluster's health with the issues behind it. Plain values; read from a cluster by
 * {@code kube.SnapshotBuilder}.
 */
public record ClusterSnapshot(String cluster, Instant at, boolean usageAvailable, String usageUnavailableReason,
                              List<NodeStats> nodes, List<PodStats> pods, List<QuotaStats> quotas, Summary summary) {

    /** Percent of a limit from which a container, node or quota is near it. */
    public static final double NEAR_LIMIT = 90;

    /** A snapshot with its summary (health and issues) computed from its nodes, pods and quotas. */
    public static ClusterSnapshot of(String cluster, Instant at, String usageUnavailableReason, List<NodeStats> nodes,
                                     List<PodStats> pods, List<QuotaStats> quotas) {
        boolean usage = usageUnavailableReason == null;
        return new ClusterSnapshot(cluster, at, usage, usageUnavailableReason, nodes, pods, quotas,
                summary(nodes, pods, quotas, usage));
    }

    public record NodeStats(String name, boolean ready, boolean unschedulable, List<String> pressure,
                            Map<String, String> labels, List<String> taints, long cpuCapacityMillis,
                            long cpuAllocatableMillis, long memoryCapacityBytes, long memoryAllocatableBytes,
                            long podsAllocatable, long ephemeralStorageAllocatableBytes, long gpus, int pods,
                            long cpuRequestsMillis, long cpuLimitsMillis, long memoryRequestsBytes,
                            long memoryLimitsBytes, Long cpuUsageMillis, Long memoryUsageBytes, Double cpuUsagePercent,
                            Double memoryUsagePercent, Double cpuRequestsPercent, Double memoryRequestsPercent) {
    }

    public record ContainerStats(String name, long cpuRequestsMillis, long cpuLimitsMillis, long memoryRequestsBytes,
                                 long memoryLimitsBytes, Long cpuUsageMillis, Long memoryUsageBytes,
                                 Double cpuOfLimitPercent, Double memoryOfLimitPercent, boolean nearLimit,
                                 boolean noLimits, int restarts, String waitingReason) {
    }

    public record PodStats(String namespace, String name, String node, String phase, boolean ready, int restarts,
                           String qosClass, String startTime, List<ContainerStats> containers, Long cpuUsageMillis,
                           Long memoryUsageBytes, boolean nearLimit, boolean noLimits, Map<String, String> labels) {
    }

    /** One resource of one ResourceQuota: CPU in millicores, memory and storage in bytes, counts as counts. */
    public record QuotaStats(String namespace, String name, String resource, long used, long hard, Double percent) {
        public String target() {
            return "quota/" + namespace + "/" + name + "/" + resource;
        }
    }

    public record Summary(String health, List<String> issues, int nodes, int nodesReady, int pods, int podsRunning,
                          int podsPending, int podsFailed, long cpuAllocatableMillis, long cpuRequestsMillis,
                          Long cpuUsageMillis, long memoryAllocatableBytes, long memoryRequestsBytes,
                          Long memoryUsageBytes, int podsNearLimit, int podsWithoutLimits, int crashLooping) {
    }

    private static Summary summary(List<NodeStats> nodes, List<PodStats> pods, List<QuotaStats> quotas, boolean usage) {
        List<String> issues = new ArrayList<>();
        boolean critical = false;
        for (NodeStats n : nodes) {
            if (!n.ready()) {
                issues.add("node " + n.name() + " is NotReady");
                critical = true;
            }
            n.pressure().forEach(p -> issues.add("node " + n.name() + " has " + p));
            if (n.memoryUsagePercent() != null && n.memoryUsagePercent() >= NEAR_LIMIT) {
                issues.add("node " + n.name() + " memory at " + n.memoryUsagePercent() + " %");
            }
            if (n.cpuUsagePercent() != null && n.cpuUsagePercent() >= NEAR_LIMIT) {
                issues.add("node " + n.name() + " CPU at " + n.cpuUsagePercent() + " %");
            }
        }
        int crashLooping = 0;
        for (PodStats p : pods) {
            for (ContainerStats c : p.containers()) {
                if (c.waitingReason() != null && List.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
                        "CreateContainerConfigError").contains(c.waitingReason())) {
                    issues.add("pod " + p.namespace() + "/" + p.name() + " container " + c.name() + ": " + c.waitingReason());
                    if ("CrashLoopBackOff".equals(c.waitingReason())) {
                        crashLooping++;
                    }
                }
            }
        }
        for (QuotaStats q : quotas) {
            if (q.percent() != null && q.percent() >= NEAR_LIMIT) {
                issues.add("quota " + q.namespace() + "/" + q.name() + " " + q.resource() + " at " + q.percent() + " %"
                        + (q.percent() >= 100 ? " (exhausted)" : ""));
            }
        }
        if (!nodes.isEmpty() && nodes.stream().noneMatch(NodeStats::ready)) {
            critical = true;
        }
        String health = critical ? "critical" : issues.isEmpty() ? "healthy" : "warning";
        Long cpuUsed = usage ? nodes.stream().map(NodeStats::cpuUsageMillis).filter(Objects::nonNull).mapToLong(Long::longValue).sum() : null;
        Long memUsed = usage ? nodes.stream().map(NodeStats::memoryUsageBytes).filter(Objects::nonNull).mapToLong(Long::longValue).sum() : null;
        return new Summary(health, issues, nodes.size(), (int) nodes.stream().filter(NodeStats::ready).count(), pods.size(),
                count(pods, "Running"), count(pods, "Pending"), count(pods, "Failed"),
                nodes.stream().mapToLong(NodeStats::cpuAllocatableMillis).sum(),
                nodes.stream().mapToLong(NodeStats::cpuRequestsMillis).sum(), cpuUsed,
                nodes.stream().mapToLong(NodeStats::memoryAllocatableBytes).sum(),
                nodes.stream().mapToLong(NodeStats::memoryRequestsBytes).sum(), memUsed,
                (int) pods.stream().filter(PodStats::nearLimit).count(),
                (int) pods.stream().filter(PodStats::noLimits).count(), crashLooping);
    }

    private static int count(List<PodStats> pods, String phase) {
        return (int) pods.stream().filter(p -> phase.equals(p.phase())).count();
    }
}
