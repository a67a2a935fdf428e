package dev.kubeatlas.cluster.service;

import dev.kubeatlas.cluster.config.ClusterConfig;
import dev.kubeatlas.cluster.crypto.KubeconfigCipher;
import dev.kubeatlas.cluster.kube.ConnectionReport;
import dev.kubeatlas.cluster.kube.ConnectionTester;
import dev.kubeatlas.cluster.kube.KubeconfigException;
import dev.kubeatlas.cluster.kube.KubeconfigParser;
import dev.kubeatlas.cluster.kube.ParsedKubeconfig;
import dev.kubeatlas.cluster.kube.ProviderDetector;
import dev.kubeatlas.cluster.model.Cluster;
import dev.kubeatlas.cluster.rest.dto.ContextView;
import dev.kubeatlas.cluster.rest.dto.RegisterClusterRequest;
import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.cluster.v1.ClusterRegistered;
import dev.kubeatlas.events.cluster.v1.ClusterRemoved;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.outbox.OutboxPublisher;
import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class ClusterService {

    static final String SERVICE = "cluster-service";

    private final KubeconfigParser parser;
    private final ConnectionTester tester;
    private final KubeconfigCipher cipher;
    private final OutboxPublisher outbox;
    private final ClusterConfig config;

    public ClusterService(KubeconfigParser parser, ConnectionTester tester, KubeconfigCipher cipher,
                          OutboxPublisher outbox, ClusterConfig config) {
        this.parser = parser;
        this.tester = tester;
        this.cipher = cipher;
        this.outbox = outbox;
        this.config = config;
    }

    /** Lists the contexts of a kubeconfig without storing anything. */
    public List<ContextView> contexts(String kubeconfig) {
        checkSize(kubeconfig);
        return parse(() -> parser.contexts(kubeconfig)).stream().map(ContextView::of).toList();
    }

    /**
     * Validates, tests and stores a cluster, and publishes {@code ClusterRegistered} in the same transaction.
     *
     * @param force register even when the connection test fails, as {@code unreachable}
     */
    public Uni<Cluster> register(RegisterClusterRequest request, boolean force, String actor) {
        checkSize(request.kubeconfig());
        ParsedKubeconfig parsed = parse(() -> parser.context(request.kubeconfig(), request.context()));
        return Cluster.<Cluster>findById(request.name())
                .invoke(existing -> {
                    if (existing != null) {
                        throw conflict(request.name());
                    }
                })
                .chain(() -> Blocking.call(() -> tester.test(request.kubeconfig(), parsed.context())))
                .chain(report -> {
                    if (!report.reachable() && !force) {
                        throw ProblemException.unprocessable("cluster-unreachable", "Cluster connection test failed",
                                report.reason() + ". Fix the kubeconfig, or register anyway with ?force=true.");
                    }
                    Cluster cluster = newCluster(request, parsed, report, actor);
                    return Panache.withTransaction(() -> cluster.<Cluster>persist()
                            .call(saved -> outbox.publish(EventTypes.CLUSTER_REGISTERED, saved.name,
                                    CloudEvent.create(EventTypes.CLUSTER_REGISTERED, SERVICE, saved.name, saved.name,
                                            registered(saved, actor)))))
                            .onFailure(ClusterService::isUniqueViolation).transform(e -> conflict(request.name()));
                })
                .invoke(c -> Log.infof("Cluster %s registered by %s: %s, %s, %s", c.name, actor, c.provider,
                        c.kubernetesVersion, c.status));
    }

    public Uni<List<Cluster>> list(Optional<String> tag, Optional<String> provider, Optional<String> status) {
        return Cluster.<Cluster>listAll(Sort.by("name")).map(all -> all.stream()
                .filter(c -> provider.map(p -> p.equalsIgnoreCase(c.provider)).orElse(true))
                .filter(c -> status.map(s -> s.equalsIgnoreCase(c.status)).orElse(true))
                .filter(c -> tag.map(t -> hasTag(c.tags, t)).orElse(true))
                .toList());
    }

    public Uni<Cluster> get(String name) {
        return Cluster.<Cluster>findById(name).onItem().ifNull().failWith(() -> notFound(name));
    }

    /** Deletes the cluster and its credentials; publishes {@code ClusterRemoved} in the same transaction. */
    public Uni<Void> delete(String name, String actor) {
        return Panache.withTransaction(() -> Cluster.<Cluster>findById(name)
                .onItem().ifNull().failWith(() -> notFound(name))
                .call(Cluster::delete)
                .call(c -> outbox.publish(EventTypes.CLUSTER_REMOVED, name,
                        CloudEvent.create(EventTypes.CLUSTER_REMOVED, SERVICE, name, name, new ClusterRemoved(name, actor)))))
                .invoke(() -> Log.infof("Cluster %s removed by %s", name, actor))
                .replaceWithVoid();
    }

    private Cluster newCluster(RegisterClusterRequest request, ParsedKubeconfig parsed, ConnectionReport report, String actor) {
        Cluster c = new Cluster();
        c.name = request.name();
        c.displayName = request.displayName() != null ? request.displayName()
                : report.sandbox() ? request.name() + " (simulated)" : request.name();
        c.description = request.description();
        c.provider = request.provider() != null && !request.provider().isBlank() ? request.provider()
                : report.sandbox() ? "sandbox" : ProviderDetector.detect(parsed.server(), parsed.execCommand(), report.kubernetesVersion());
        c.region = request.region();
        c.tags = request.tags() == null ? Map.of() : request.tags();
        c.server = parsed.server();
        c.context = parsed.context();
        c.authKind = parsed.authKind();
        c.sandbox = report.sandbox();
        KubeconfigCipher.Sealed sealed = cipher.seal(c.name, request.kubeconfig());
        c.kubeconfigKeyId = sealed.keyId();
        c.kubeconfigNonce = sealed.nonce();
        c.kubeconfigCipher = sealed.ciphertext();
        c.createdAt = Instant.now();
        c.createdBy = actor;
        c.updatedAt = c.createdAt;
        applyReport(c, report);
        return c;
    }

    static void applyReport(Cluster c, ConnectionReport report) {
        c.status = report.status();
        c.statusReason = report.reason();
        if (report.kubernetesVersion() != null) {
            c.kubernetesVersion = report.kubernetesVersion();
        }
        c.nodesReady = report.nodesReady();
        c.nodesTotal = report.nodesTotal();
        c.namespaceCount = report.namespaces();
        c.latencyMillis = report.latencyMillis();
        c.lastCheckAt = Instant.now();
    }

    private static ClusterRegistered registered(Cluster c, String actor) {
        return new ClusterRegistered(c.name, c.displayName, c.provider, c.region, c.server, c.kubernetesVersion,
                c.status, c.sandbox, c.tags, actor);
    }

    private void checkSize(String kubeconfig) {
        if (kubeconfig != null && kubeconfig.getBytes(StandardCharsets.UTF_8).length > config.maxKubeconfigBytes()) {
            throw ProblemException.tooLarge("The kubeconfig is larger than " + config.maxKubeconfigBytes() + " bytes");
        }
    }

    private static <T> T parse(java.util.function.Supplier<T> parsing) {
        try {
            return parsing.get();
        } catch (KubeconfigException e) {
            throw ProblemException.badRequest("invalid-kubeconfig", e.getMessage());
        }
    }

    private static boolean hasTag(Map<String, String> tags, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return tags.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(tags.get(filter.substring(0, eq)));
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("23505")) {
                return true;
            }
        }
        return false;
    }

    static ProblemException notFound(String name) {
        return ProblemException.notFound("cluster-not-found", "Cluster not found", "No cluster named '" + name + "'");
    }

    private static ProblemException conflict(String name) {
        return ProblemException.conflict("cluster-exists", "Cluster already registered",
                "A cluster named '" + name + "' is already registered");
    }
}
