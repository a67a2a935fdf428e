package dev.kubeatlas.cluster.service;

import dev.kubeatlas.cluster.config.ClusterConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Registers the cluster KubeAtlas runs in (opt-in, {@code kubeatlas.clusters.local.enabled}) from the pod's service
 * account, and keeps its stored token current: the kubelet rotates projected tokens, so the files are re-read every
 * {@code kubeatlas.clusters.local.refresh} and a changed token replaces the stored one (an ordinary update, which
 * tells the other services to rebuild their clients).
 */
@ApplicationScoped
public class LocalCluster {

    static final String ACTOR = "system:local-cluster";

    private final ClusterConfig.Local config;
    private final ClusterService clusters;
    private final Scheduler scheduler;

    public LocalCluster(ClusterConfig config, ClusterService clusters, Scheduler scheduler) {
        this.config = config.local();
        this.clusters = clusters;
        this.scheduler = scheduler;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        scheduler.newJob("local-cluster")
                .setInterval(config.refresh().toSeconds() + "s")
                .setDelayed("1s")
                .setConcurrentExecution(io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
                .setAsyncTask(execution -> refresh().replaceWithVoid())
                .schedule();
    }

    /** Registers or refreshes the local cluster; does nothing, with a warning, outside Kubernetes. */
    Uni<Void> refresh() {
        Optional<String> kubeconfig = kubeconfig();
        if (kubeconfig.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        RegisterCluster request = new RegisterCluster(config.name(), kubeconfig.get(), config.name(),
                "This cluster (KubeAtlas runs here)", null, null, Map.of("kubeatlas.dev/local", "true"),
                "Registered from KubeAtlas' own service account");
        return clusters.registerOrRefresh(request, ACTOR)
                .onFailure().invoke(e -> Log.warnf("Cannot register the local cluster: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** An inline kubeconfig from the service-account files, or empty when they are not there. */
    Optional<String> kubeconfig() {
        Path dir = config.serviceAccountDir();
        Path tokenFile = dir.resolve("token");
        Optional<String> server = config.server().or(LocalCluster::serverFromEnvironment);
        if (!Files.isReadable(tokenFile) || server.isEmpty()) {
            Log.warnf("kubeatlas.clusters.local.enabled is set, but there is no service account at %s or no API "
                    + "server address: is KubeAtlas running inside Kubernetes?", dir);
            return Optional.empty();
        }
        try {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            Path ca = dir.resolve("ca.crt");
            String caLine = Files.isReadable(ca)
                    ? "    certificate-authority-data: " + Base64.getEncoder().encodeToString(Files.readAllBytes(ca)) + "\n"
                    : "";
            return Optional.of("""
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: %1$s
                      cluster:
                        server: %2$s
                    %3$scontexts:
                    - name: %1$s
                      context:
                        cluster: %1$s
                        user: %1$s
                    current-context: %1$s
                    users:
                    - name: %1$s
                      user:
                        token: %4$s
                    """.formatted(config.name(), server.get(), caLine, token));
        } catch (IOException e) {
            Log.warnf("Cannot read the service account in %s: %s", dir, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static Optional<String> serverFromEnvironment() {
        String host = System.getenv("KUBERNETES_SERVICE_HOST");
        String port = System.getenv().getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        return Optional.of("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }
}
