package dev.kubeatlas.metrics.kube;

import dev.kubeatlas.metrics.model.ClusterSnapshot;
import dev.kubeatlas.metrics.model.ClusterSnapshot.ContainerStats;
import dev.kubeatlas.metrics.model.ClusterSnapshot.NodeStats;
import dev.kubeatlas.metrics.model.ClusterSnapshot.PodStats;
import dev.kubeatlas.metrics.model.ClusterSnapshot.QuotaStats;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Taint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.kubeatlas.metrics.model.ClusterSnapshot.NEAR_LIMIT;

/**
 * Builds a snapshot one object at a time, so that a large cluster's pods are never all held as API objects: the
 * metrics first (kept as two numbers per node and container), then each pod turned into its figures at once,
 * then nodes and quotas.
 */
public final class SnapshotBuilder {
    private final String cluster;
    private final Map<String, long[]> nodeUsage = new HashMap<>();
    private final Map<String, long[]> containerUsage = new HashMap<>();
    private final List<PodStats> pods = new ArrayList<>();
    private final Map<String, long[]> perNode = new HashMap<>();
    private String usageUnavailableReason;

    public SnapshotBuilder(String cluster) {
        this.cluster = cluster;
    }

    public void nodeMetrics(GenericKubernetesResource m) {
        if (m.getAdditionalProperties().get("usage") instanceof Map<?, ?> u) {
            nodeUsage.put(m.getMetadata().getName(), new long[]{Quantities.millicores(u.get("cpu")), Quantities.units(u.get("memory"))});
        }
    }

    public void podMetrics(GenericKubernetesResource m) {
        if (m.getAdditionalProperties().get("containers") instanceof List<?> containers) {
            String pod = m.getMetadata().getNamespace() + "/" + m.getMetadata().getName() + "/";
            for (Object c : containers) {
                if (c instanceof Map<?, ?> container && container.get("usage") instanceof Map<?, ?> u) {
                    containerUsage.put(pod + container.get("name"),
                            new long[]{Quantities.millicores(u.get("cpu")), Quantities.units(u.get("memory"))});
                }
            }
        }
    }

    /** No usage: why. Metrics read so far are dropped. */
    public void usageUnavailable(String reason) {
        usageUnavailableReason = reason;
        nodeUsage.clear();
        containerUsage.clear();
    }

    public boolean hasNodeUsage() {
        return !nodeUsage.isEmpty();
    }

    public void pod(Pod pod) {
        PodStats stats = pod(pod, containerUsage, usageUnavailableReason == null);
        pods.add(stats);
        if (stats.node() != null && !"Succeeded".equals(stats.phase()) && !"Failed".equals(stats.phase())) {
            long[] sums = perNode.computeIfAbsent(stats.node(), n -> new long[5]);
            for (ContainerStats c : stats.containers()) {
                sums[0] += c.cpuRequestsMillis();
                sums[1] += c.cpuLimitsMillis();
                sums[2] += c.memoryRequestsBytes();
                sums[3] += c.memoryLimitsBytes();
            }
            sums[4]++;
        }
    }

    public ClusterSnapshot build(List<Node> nodeList, List<ResourceQuota> quotaList) {
        boolean usage = usageUnavailableReason == null;
        List<NodeStats> nodes = new ArrayList<>(nodeList.size());
        for (Node node : nodeList) {
            nodes.add(node(node, perNode.getOrDefault(node.getMetadata().getName(), new long[5]),
                    usage ? nodeUsage.get(node.getMetadata().getName()) : null));
        }
        List<QuotaStats> quotas = quotas(quotaList);
        return ClusterSnapshot.of(cluster, Instant.now(), usageUnavailableReason, nodes, pods, quotas);
    }

    private static List<QuotaStats> quotas(List<ResourceQuota> quotaList) {
        List<QuotaStats> quotas = new ArrayList<>();
        for (ResourceQuota quota : quotaList) {
            Map<String, Quantity> hard = quota.getStatus() == null || quota.getStatus().getHard() == null
                    ? (quota.getSpec() == null || quota.getSpec().getHard() == null ? Map.of() : quota.getSpec().getHard())
                    : quota.getStatus().getHard();
            Map<String, Quantity> used = quota.getStatus() == null || quota.getStatus().getUsed() == null ? Map.of()
                    : quota.getStatus().getUsed();
            new TreeMap<>(hard).forEach((resource, limit) -> {
                boolean cpu = resource.equals("cpu") || resource.endsWith(".cpu");
                long h = cpu ? Quantities.millicores(limit) : Quantities.units(limit);
                long u = cpu ? Quantities.millicores(used.get(resource)) : Quantities.units(used.get(resource));
                quotas.add(new QuotaStats(quota.getMetadata().getNamespace(), quota.getMetadata().getName(), resource, u, h,
                        h == 0 ? null : Quantities.percent(u, h)));
            });
        }
        return quotas;
    }

    private static NodeStats node(Node node, long[] sums, long[] usage) {
        Map<String, Quantity> capacity = node.getStatus() == null || node.getStatus().getCapacity() == null ? Map.of() : node.getStatus().getCapacity();
        Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null ? capacity : node.getStatus().getAllocatable();
        boolean ready = false;
        List<String> pressure = new ArrayList<>();
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null ? List.of() : node.getStatus().getConditions();
        for (NodeCondition c : conditions) {
            if ("Ready".equals(c.getType())) {
                ready = "True".equals(c.getStatus());
            } else if (c.getType().endsWith("Pressure") && "True".equals(c.getStatus())) {
                pressure.add(c.getType());
            } else if ("NetworkUnavailable".equals(c.getType()) && "True".equals(c.getStatus())) {
                pressure.add(c.getType());
            }
        }
        List<String> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints().stream().map(SnapshotBuilder::taint).toList();
        long cpuAlloc = Quantities.millicores(allocatable.get("cpu"));
        long memAlloc = Quantities.units(allocatable.get("memory"));
        Long cpuUsed = usage == null ? null : usage[0];
        Long memUsed = usage == null ? null : usage[1];
        return new NodeStats(node.getMetadata().getName(), ready,
                node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()), pressure,
                node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels(), taints,
                Quantities.millicores(capacity.get("cpu")), cpuAlloc, Quantities.units(capacity.get("memory")), memAlloc,
                Quantities.units(allocatable.get("pods")), Quantities.units(allocatable.get("ephemeral-storage")),
                Quantities.sumGpus(allocatable), (int) sums[4], sums[0], sums[1], sums[2], sums[3], cpuUsed, memUsed,
                cpuUsed == null ? null : Quantities.percent(cpuUsed, cpuAlloc),
                memUsed == null ? null : Quantities.percent(memUsed, memAlloc),
                Quantities.percent(sums[0], cpuAlloc), Quantities.percent(sums[2], memAlloc));
    }

    private static String taint(Taint t) {
        return t.getKey() + (t.getValue() == null ? "" : "=" + t.getValue()) + ":" + t.getEffect();
    }

    private static PodStats pod(Pod pod, Map<String, long[]> containerUsage, boolean usage) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        Map<String, ContainerStatus> statuses = new HashMap<>();
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            pod.getStatus().getContainerStatuses().forEach(s -> statuses.put(s.getName(), s));
        }
        List<ContainerStats> containers = new ArrayList<>();
        long cpu = 0;
        long mem = 0;
        boolean anyUsage = false;
        for (Container c : pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.<Container>of() : pod.getSpec().getContainers()) {
            Map<String, Quantity> requests = c.getResources() == null || c.getResources().getRequests() == null ? Map.of() : c.getResources().getRequests();
            Map<String, Quantity> limits = c.getResources() == null || c.getResources().getLimits() == null ? Map.of() : c.getResources().getLimits();
            long[] u = usage ? containerUsage.get(ns + "/" + name + "/" + c.getName()) : null;
            long cpuLimit = Quantities.millicores(limits.get("cpu"));
            long memLimit = Quantities.units(limits.get("memory"));
            Double cpuOfLimit = u == null ? null : Quantities.percent(u[0], cpuLimit);
            Double memOfLimit = u == null ? null : Quantities.percent(u[1], memLimit);
            ContainerStatus status = statuses.get(c.getName());
            String waiting = status == null || status.getState() == null || status.getState().getWaiting() == null
                    ? null : status.getState().getWaiting().getReason();
            containers.add(new ContainerStats(c.getName(), Quantities.millicores(requests.get("cpu")), cpuLimit,
                    Quantities.units(requests.get("memory")), memLimit, u == null ? null : u[0], u == null ? null : u[1],
                    cpuOfLimit, memOfLimit,
                    cpuOfLimit != null && cpuOfLimit >= NEAR_LIMIT || memOfLimit != null && memOfLimit >= NEAR_LIMIT,
                    limits.isEmpty(), status == null || status.getRestartCount() == null ? 0 : status.getRestartCount(), waiting));
            if (u != null) {
                anyUsage = true;
                cpu += u[0];
                mem += u[1];
            }
        }
        boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return new PodStats(ns, name, pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
                pod.getStatus() == null ? null : pod.getStatus().getPhase(), ready,
                containers.stream().mapToInt(ContainerStats::restarts).sum(),
                pod.getStatus() == null ? null : pod.getStatus().getQosClass(),
                pod.getStatus() == null ? null : pod.getStatus().getStartTime(), containers,
                anyUsage ? cpu : null, anyUsage ? mem : null,
                containers.stream().anyMatch(ContainerStats::nearLimit), containers.stream().anyMatch(ContainerStats::noLimits),
                pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels());
    }
}
