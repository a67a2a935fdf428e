package dev.kubeatlas.cluster.kube;

import java.util.List;

/**
 * The outcome of connecting to a cluster.
 *
 * @param status  {@code connected}, {@code degraded} (answers, but nodes not ready or not readable) or {@code unreachable}
 * @param reason  why it is not connected; null when it is. Never contains what the server sent back.
 * @param sandbox the server identifies itself as the KubeAtlas sandbox (simulated)
 */
public record ConnectionReport(String status, String reason, String kubernetesVersion, Integer nodesReady,
                               Integer nodesTotal, Integer namespaces, long latencyMillis, boolean sandbox,
                               List<String> notReadyNodes) {

    public static final String CONNECTED = "connected";
    public static final String DEGRADED = "degraded";
    public static final String UNREACHABLE = "unreachable";

    public boolean reachable() {
        return !UNREACHABLE.equals(status);
    }

    static ConnectionReport unreachable(String reason, long latencyMillis) {
        return new ConnectionReport(UNREACHABLE, reason, null, null, null, null, latencyMillis, false, List.of());
    }
}
