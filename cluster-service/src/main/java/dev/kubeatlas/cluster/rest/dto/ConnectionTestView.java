package dev.kubeatlas.cluster.rest.dto;

import dev.kubeatlas.cluster.kube.ConnectionReport;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The result of {@code POST /api/v1/clusters/{name}/test}. */
public record ConnectionTestView(String name, String status, String reason, String kubernetesVersion,
                                 Integer nodesReady, Integer nodesTotal, List<String> notReadyNodes,
                                 Integer namespaces, long latencyMillis, Map<String, String> permissions,
                                 Instant checkedAt) {

    public static ConnectionTestView of(String name, ConnectionReport r, Instant checkedAt) {
        return new ConnectionTestView(name, r.status(), r.reason(), r.kubernetesVersion(), r.nodesReady(),
                r.nodesTotal(), r.notReadyNodes(), r.namespaces(), r.latencyMillis(), r.permissions(), checkedAt);
    }
}
