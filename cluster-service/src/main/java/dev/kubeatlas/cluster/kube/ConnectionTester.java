package dev.kubeatlas.cluster.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Connects to a cluster with a kubeconfig and reports version, nodes and namespaces. Blocking. */
public final class ConnectionTester {

    static final String SANDBOX_MARKER = "kubeatlas-sandbox";

    /**
     * The reason given when the API server cannot be reached, whatever the cause, and when its address is refused:
     * one text, so that the answers do not tell what listens where.
     */
    public static final String UNREACHABLE = "Cannot reach the API server";

    private final Duration timeout;
    private final ServerAddressGuard guard;

    public ConnectionTester(Duration timeout, ServerAddressGuard guard) {
        this.timeout = timeout;
        this.guard = guard;
    }

    /** A health check: version, nodes and namespaces. */
    public ConnectionReport test(ParsedKubeconfig kubeconfig) {
        return test(kubeconfig, false);
    }

    /**
     * Connects with exactly the kubeconfig that was validated, after checking that its server (and proxy) may be
     * connected to; the check is made again on every call, as names may resolve elsewhere by now.
     *
     * @param reviewPermissions also ask the server what the credentials may do (a dozen more requests; done when a
     *                          cluster is registered, changed or tested on demand, not on every health check)
     */
    public ConnectionReport test(ParsedKubeconfig kubeconfig, boolean reviewPermissions) {
        long start = System.nanoTime();
        io.fabric8.kubernetes.api.model.Cluster target = kubeconfig.validated().getClusters().get(0).getCluster();
        if (!guard.allows(target.getServer()) || target.getProxyUrl() != null && !guard.allows(target.getProxyUrl())) {
            return ConnectionReport.unreachable(UNREACHABLE, (System.nanoTime() - start) / 1_000_000);
        }
        Config config = Config.empty();
        try {
            KubeConfigUtils.merge(config, kubeconfig.context(), kubeconfig.validated());
        } catch (RuntimeException e) {
            return ConnectionReport.unreachable("The kubeconfig cannot be used to build a client", 0);
        }
        int millis = (int) timeout.toMillis();
        config.setConnectionTimeout(millis);
        config.setRequestTimeout(millis);
        config.setRequestRetryBackoffLimit(0);
        config.setWatchReconnectLimit(0);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            VersionInfo version = client.getKubernetesVersion();
            long latency = (System.nanoTime() - start) / 1_000_000;
            boolean sandbox = version.getGitVersion() != null && version.getGitVersion().contains(SANDBOX_MARKER);
            List<Node> nodes;
            try {
                nodes = client.nodes().list().getItems();
            } catch (KubernetesClientException e) {
                return new ConnectionReport(ConnectionReport.DEGRADED, "Nodes cannot be listed: " + describe(e),
                        version.getGitVersion(), null, null, countNamespaces(client), latency, sandbox, List.of(),
                        reviewPermissions ? PermissionReview.review(client) : null);
            }
            List<String> notReady = nodes.stream().filter(n -> !ready(n)).map(n -> n.getMetadata().getName()).toList();
            Integer namespaces = countNamespaces(client);
            String status = notReady.isEmpty() ? ConnectionReport.CONNECTED : ConnectionReport.DEGRADED;
            String reason = notReady.isEmpty() ? null
                    : notReady.size() + " of " + nodes.size() + " nodes NotReady: " + String.join(", ", notReady);
            return new ConnectionReport(status, reason, version.getGitVersion(), nodes.size() - notReady.size(),
                    nodes.size(), namespaces, latency, sandbox, notReady,
                    reviewPermissions ? PermissionReview.review(client) : null);
        } catch (KubernetesClientException e) {
            return ConnectionReport.unreachable(describe(e), (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            return ConnectionReport.unreachable("Connection failed: " + e.getClass().getSimpleName(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static Integer countNamespaces(KubernetesClient client) {
        try {
            return client.namespaces().list().getItems().size();
        } catch (KubernetesClientException e) {
            return null;
        }
    }

    static boolean ready(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** A reason for the caller. The server's response body is never included: it may be anything. */
    static String describe(KubernetesClientException e) {
        int code = e.getCode();
        if (code == 401) {
            return "The API server rejected the credentials (HTTP 401)";
        }
        if (code == 403) {
            return "The credentials are not allowed to read the cluster (HTTP 403)";
        }
        if (code > 0) {
            return "The server answered HTTP " + code + " where a Kubernetes API server was expected";
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "Cannot connect to the API server (connection refused)";
            }
            if (t instanceof UnknownHostException) {
                return "The API server's host name does not resolve";
            }
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
                return "The API server did not answer in time";
            }
            if (t instanceof SSLException) {
                return "TLS handshake with the API server failed (check certificate-authority-data)";
            }
            if (t instanceof IOException io && io.getMessage() != null && io.getMessage().contains("timed out")) {
                return "The API server did not answer in time";
            }
        }
        return UNREACHABLE;
    }
}
