package dev.kubeatlas.cluster.rest.dto;

import dev.kubeatlas.cluster.model.Cluster;
import dev.kubeatlas.cluster.model.HealthCheck;
import dev.kubeatlas.cluster.model.StatusChange;
import dev.kubeatlas.cluster.service.HealthHistory;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A cluster's health: its status now, its last checks (newest first) and its status changes (newest first). */
public record HealthView(String name, String status, String reason, Instant statusSince, Instant lastCheckAt,
                         int checkIntervalSeconds, List<Check> checks, List<Change> changes) {

    public static HealthView of(HealthHistory h) {
        Cluster c = h.cluster();
        return new HealthView(c.name, c.status, c.statusReason, c.statusSince, c.lastCheckAt, h.checkIntervalSeconds(),
                h.checks().stream().map(Check::of).toList(), h.changes().stream().map(Change::of).toList());
    }

    public record Check(Instant checkedAt, String status, String reason, Long latencyMillis, String kubernetesVersion,
                        Integer nodesReady, Integer nodesTotal, List<String> notReadyNodes) {

        public static Check of(HealthCheck c) {
            List<String> notReady = c.notReadyNodes == null || c.notReadyNodes.isEmpty() ? List.of()
                    : Arrays.asList(c.notReadyNodes.split(","));
            return new Check(c.checkedAt, c.status, c.reason, c.latencyMillis, c.kubernetesVersion, c.nodesReady,
                    c.nodesTotal, notReady);
        }
    }

    public record Change(Instant changedAt, String previousStatus, String status, String reason) {

        public static Change of(StatusChange c) {
            return new Change(c.changedAt, c.previousStatus, c.status, c.reason);
        }
    }
}
