package dev.kubeatlas.cluster.kube;

import java.util.List;
import java.util.Map;

/**
 * The outcome of connecting to a cluster.
 *
 * @param status        {@code connected}, {@code degraded} (answers, but nodes not ready or not readable) or
 *                      {@code unreachable}
 * @param reason        why it is not connected; null when it is. Never contains what the server sent back.
 * @param sandbox       the server identifies itself as the KubeAtlas sandbox (simulated)
 * @param notReadyNodes names of the nodes whose Ready condition is not True
 * @param permissions   what the credentials may do ({@link PermissionReview}), or null when not reviewed
 */
public record ConnectionReport(String status, String reason, String kubernetesVersion, Integer nodesReady,
                               Integer nodesTotal, Integer namespaces, long latencyMillis, boolean sandbox,
                               List<String> notReadyNodes, Map<String, String> permissions) {

    public static final String CONNECTED = "connected";
    public static final String DEGRADED = "degraded";
    public static final String UNREACHABLE = "unreachable";

    public boolean reachable() {
        return !UNREACHABLE.equals(status);
    }

    /** The permissions KubeAtlas cannot work without that the server denied; empty when none or not reviewed. */
    public List<String> deniedRequired() {
        return permissions == null ? List.of() : PermissionReview.deniedRequired(permissions);
    }

    public static ConnectionReport unreachable(String reason, long latencyMillis) {
        return new ConnectionReport(UNREACHABLE, reason, null, null, null, null, latencyMillis, false, List.of(), null);
    }
}
