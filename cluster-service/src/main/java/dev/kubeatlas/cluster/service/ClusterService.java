package dev.kubeatlas.cluster.service;

import dev.kubeatlas.cluster.config.ClusterConfig;
import dev.kubeatlas.cluster.events.ClusterEventPublisher;
import dev.kubeatlas.cluster.kube.ConnectionReport;
import dev.kubeatlas.cluster.kube.ConnectionTester;
import dev.kubeatlas.cluster.kube.KubeconfigException;
import dev.kubeatlas.cluster.kube.KubeconfigParser;
import dev.kubeatlas.cluster.kube.ParsedKubeconfig;
import dev.kubeatlas.cluster.kube.ProviderDetector;
import dev.kubeatlas.cluster.model.Cluster;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.crypto.KeyedCipher;
import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cluster registry's use cases. Each owns its sessions: what it reads is read in one session, a connection test
 * (a remote call that may take the whole connect timeout) runs with no session open, and what it writes is written
 * in a transaction of its own together with the event that reports it.
 */
@ApplicationScoped
public class ClusterService {

    private final KubeconfigParser parser;
    private final ConnectionTester tester;
    private final KeyedCipher cipher;
    private final ClusterEventPublisher events;
    private final HealthRecorder health;
    private final ClusterConfig config;

    public ClusterService(KubeconfigParser parser, ConnectionTester tester, KeyedCipher cipher,
                          ClusterEventPublisher events, HealthRecorder health, ClusterConfig config) {
        this.parser = parser;
        this.tester = tester;
        this.cipher = cipher;
        this.events = events;
        this.health = health;
        this.config = config;
    }

    /** Lists the contexts of a kubeconfig without storing anything. */
    public List<KubeconfigContext> contexts(String kubeconfig) {
        checkSize(kubeconfig);
        return parse(() -> parser.contexts(kubeconfig)).stream().map(KubeconfigContext::of).toList();
    }

    /**
     * Validates, tests and stores a cluster, and publishes {@code ClusterRegistered} in the same transaction.
     *
     * @param force register even when the connection test fails, as {@code unreachable}
     */
    public Uni<Cluster> register(RegisterCluster request, boolean force, String actor) {
        checkSize(request.kubeconfig());
        ParsedKubeconfig parsed = parse(() -> parser.context(request.kubeconfig(), request.context()));
        return Panache.withSession(() -> Cluster.<Cluster>findById(request.name()))
                .invoke(existing -> {
                    if (existing != null) {
                        throw conflict(request.name());
                    }
                })
                .chain(() -> testAndRequire(parsed, force))
                .chain(report -> {
                    Cluster cluster = newCluster(request, parsed, report, actor);
                    return Panache.withTransaction(() -> cluster.<Cluster>persist()
                                    .call(saved -> health.recordFirst(saved, report))
                                    .call(saved -> events.registered(saved, actor)))
                            .onFailure(DatabaseErrors::isUniqueViolation).transform(e -> conflict(request.name()));
                })
                .invoke(c -> Log.infof("Cluster %s registered by %s: %s, %s, %s", c.name, actor, c.provider,
                        c.kubernetesVersion, c.status));
    }

    /**
     * Applies a change to a registration and publishes {@code ClusterUpdated} with the fields that changed. A new
     * kubeconfig or context is validated and tested first, like a registration, between the read and the write.
     */
    public Uni<Cluster> update(String name, ClusterChange change, boolean force, String actor) {
        if (change.name() != null && !change.name().equals(name)) {
            throw ProblemException.badRequest("name-immutable",
                    "A cluster's name cannot change; register the cluster again under the new name");
        }
        if (change.removed().contains("kubeconfig")) {
            throw ProblemException.badRequest("kubeconfig-required",
                    "A cluster's kubeconfig cannot be removed; delete the cluster instead");
        }
        checkSize(change.kubeconfig());
        return Panache.withSession(() -> find(name)).chain(current -> {
            if (!change.newCredentials()) {
                return Uni.createFrom().item(Optional.<Credentials>empty());
            }
            String kubeconfig = change.kubeconfig() != null ? change.kubeconfig() : open(current);
            ParsedKubeconfig parsed = parse(() -> parser.context(kubeconfig,
                    change.context() != null ? change.context()
                            : change.kubeconfig() != null || change.removed().contains("context") ? null : current.context));
            int revision = current.credentialsRevision;
            return testAndRequire(parsed, force)
                    .map(report -> Optional.of(new Credentials(kubeconfig, parsed, report, revision)));
        }).chain(credentials -> Panache.withTransaction(() -> find(name).chain(cluster -> {
            if (credentials.isPresent() && credentials.get().revision() != cluster.credentialsRevision) {
                // the credentials were replaced while the new ones were tested: this change was made against others
                throw changedMeanwhile(name);
            }
            List<String> changed = ClusterPatch.apply(cluster, change);
            credentials.ifPresent(c -> changed.addAll(applyCredentials(cluster, c)));
            if (changed.isEmpty()) {
                return Uni.createFrom().item(cluster);
            }
            cluster.updatedAt = Instant.now();
            Uni<Cluster> saved = cluster.persist();
            if (credentials.isPresent()) {
                saved = saved.call(c -> health.record(c, credentials.get().report(), true));
            }
            return saved.call(c -> events.updated(c, changed, credentials.isPresent(), actor))
                    .invoke(c -> Log.infof("Cluster %s changed by %s: %s", name, actor, changed));
        }))).onFailure(DatabaseErrors::isVersionConflict).transform(e -> changedMeanwhile(name));
    }

    @WithSession
    public Uni<List<Cluster>> list(Optional<String> tag, Optional<String> provider, Optional<String> status) {
        return Cluster.<Cluster>listAll(Sort.by("name")).map(all -> all.stream()
                .filter(c -> provider.map(p -> p.equalsIgnoreCase(c.provider)).orElse(true))
                .filter(c -> status.map(s -> s.equalsIgnoreCase(c.status)).orElse(true))
                .filter(c -> tag.map(t -> hasTag(c.tags, t)).orElse(true))
                .toList());
    }

    @WithSession
    public Uni<Cluster> get(String name) {
        return find(name);
    }

    /** The cluster's status, its newest checks and its newest status changes, read in one session. */
    @WithSession
    public Uni<HealthHistory> health(String name, int checks, int changes) {
        return find(name).chain(c -> health.history(c, intervalSeconds(c), checks, changes));
    }

    /** Seconds between the cluster's health checks: its own interval, or the configured default. */
    public int intervalSeconds(Cluster c) {
        return c.checkIntervalSeconds != null ? c.checkIntervalSeconds : defaultIntervalSeconds();
    }

    public int defaultIntervalSeconds() {
        return (int) config.health().defaultInterval().toSeconds();
    }

    /**
     * Tests the connection now, with a permission review, and records the outcome as a health check: the stored
     * credentials are read in one session, the cluster is asked with none open, the outcome written in a transaction.
     */
    public Uni<ConnectionReport> testNow(String name, String actor) {
        return Panache.withSession(() -> find(name)).chain(cluster -> {
            String kubeconfig = open(cluster);
            String context = cluster.context;
            int revision = cluster.credentialsRevision;
            return Blocking.call(() -> testStored(kubeconfig, context, true))
                    .call(report -> health.record(name, revision, report, true))
                    .invoke(report -> Log.infof("Cluster %s tested by %s: %s", name, actor, report.status()));
        });
    }

    /** The decrypted credentials of a cluster, for another KubeAtlas service. */
    @WithSession
    public Uni<ClusterCredentials> credentials(String name, String caller) {
        return find(name).map(c -> new ClusterCredentials(c.name, c.context, c.server, open(c), c.credentialsRevision))
                .invoke(c -> Log.infof("Credentials of cluster %s (revision %d) handed to %s", name, c.revision(), caller));
    }

    /**
     * Deletes the cluster and its credentials; publishes {@code ClusterRemoved} in the same transaction. A health
     * check written meanwhile does not stop it: the cluster is read again and deleted.
     */
    public Uni<Void> delete(String name, String actor) {
        return DatabaseErrors.retryOnVersionConflict(() -> Panache.withTransaction(() -> find(name)
                        .call(Cluster::delete)
                        .call(c -> events.removed(name, actor))))
                .invoke(() -> Log.infof("Cluster %s removed by %s", name, actor))
                .replaceWithVoid();
    }

    /** Registers or refreshes a cluster from credentials KubeAtlas obtained itself (its own cluster). */
    public Uni<Cluster> registerOrRefresh(RegisterCluster request, String actor) {
        return Panache.withSession(() -> Cluster.<Cluster>findById(request.name())).chain(existing -> {
            if (existing == null) {
                return register(request, true, actor);
            }
            if (request.kubeconfig().equals(open(existing))) {
                return Uni.createFrom().item(existing);
            }
            return update(request.name(), ClusterChange.credentials(request.kubeconfig(), request.context()), true, actor);
        });
    }

    /** The cluster, or a 404; in the caller's session. */
    private static Uni<Cluster> find(String name) {
        return Cluster.<Cluster>findById(name).onItem().ifNull().failWith(() -> notFound(name));
    }

    String open(Cluster c) {
        try {
            return cipher.open(c.name, c.kubeconfig());
        } catch (IllegalStateException e) {
            throw undecryptable(c.name);
        }
    }

    /** The stored kubeconfig cannot be opened with the configured keys: a key is missing or is not the one used. */
    public static ProblemException undecryptable(String name) {
        return ProblemException.unavailable("credentials-undecryptable", "Stored credentials cannot be decrypted",
                "The stored kubeconfig of cluster '" + name + "' cannot be decrypted with the configured keys; "
                        + "configure the key it was sealed with, or register the cluster again", 60);
    }

    /** New credentials, tested against the revision they replace. */
    private record Credentials(String kubeconfig, ParsedKubeconfig parsed, ConnectionReport report, int revision) {
        @Override
        public String toString() {
            return "Credentials[context=" + parsed.context() + ", revision=" + revision + "]";
        }
    }

    /**
     * Tests a stored kubeconfig, validated again first: one stored before a rule was added is held to it too, and a
     * refused one is never handed to a client. Blocking.
     */
    public ConnectionReport testStored(String kubeconfig, String context, boolean reviewPermissions) {
        ParsedKubeconfig parsed;
        try {
            parsed = parser.context(kubeconfig, context);
        } catch (KubeconfigException e) {
            return ConnectionReport.unreachable("The stored kubeconfig is not accepted: " + e.getMessage(), 0);
        }
        return tester.test(parsed, reviewPermissions);
    }

    /**
     * Tests a kubeconfig with a permission review; unless forced, fails with 422 if it cannot be used. Every
     * failure to reach the server, a refused address included, gets the same answer: which addresses are refused,
     * closed or answering must not be learnt from it.
     */
    private Uni<ConnectionReport> testAndRequire(ParsedKubeconfig parsed, boolean force) {
        return Blocking.call(() -> tester.test(parsed, true)).invoke(report -> {
            if (force) {
                return;
            }
            if (!report.reachable()) {
                throw ProblemException.unprocessable("cluster-unreachable", "Cluster connection test failed",
                        "Cannot connect to a Kubernetes API server with this kubeconfig. Fix the kubeconfig, or "
                                + "register anyway with ?force=true.");
            }
            if (!report.deniedRequired().isEmpty()) {
                throw ProblemException.unprocessable("cluster-unauthorized", "Credentials not sufficient",
                        "The API server says these credentials may not: " + String.join(", ", report.deniedRequired())
                                + ". Grant them (e.g. the 'view' ClusterRole), or register anyway with ?force=true.");
            }
        });
    }

    /** Stores tested credentials; returns the fields that changed. */
    private List<String> applyCredentials(Cluster c, Credentials credentials) {
        List<String> changed = new java.util.ArrayList<>();
        c.kubeconfig(cipher.seal(c.name, credentials.kubeconfig()));
        c.credentialsRevision++;
        changed.add("kubeconfig");
        if (!credentials.parsed().context().equals(c.context)) {
            c.context = credentials.parsed().context();
            changed.add("context");
        }
        if (!credentials.parsed().server().equals(c.server)) {
            c.server = credentials.parsed().server();
            changed.add("server");
        }
        c.authKind = credentials.parsed().authKind();
        return changed;
    }

    private Cluster newCluster(RegisterCluster request, ParsedKubeconfig parsed, ConnectionReport report, String actor) {
        Cluster c = new Cluster();
        c.name = request.name();
        c.displayName = request.displayName() != null ? request.displayName()
                : ClusterPatch.defaultDisplayName(request.name(), report.sandbox());
        c.description = request.description();
        c.provider = request.provider() != null && !request.provider().isBlank() ? request.provider()
                : report.sandbox() ? "sandbox" : ProviderDetector.detect(parsed.server(), parsed.execCommand(), report.kubernetesVersion());
        c.region = request.region();
        c.tags = request.tags() == null ? Map.of() : request.tags();
        c.server = parsed.server();
        c.context = parsed.context();
        c.authKind = parsed.authKind();
        c.sandbox = report.sandbox();
        c.kubeconfig(cipher.seal(c.name, request.kubeconfig()));
        c.createdAt = Instant.now();
        c.createdBy = actor;
        c.updatedAt = c.createdAt;
        HealthRecorder.apply(c, report, true);
        c.statusSince = c.lastCheckAt;
        return c;
    }

    private void checkSize(String kubeconfig) {
        if (kubeconfig != null && kubeconfig.getBytes(StandardCharsets.UTF_8).length > config.maxKubeconfigBytes()) {
            throw ProblemException.tooLarge("The kubeconfig is larger than " + config.maxKubeconfigBytes() + " bytes");
        }
    }

    private static <T> T parse(Supplier<T> parsing) {
        try {
            return parsing.get();
        } catch (KubeconfigException e) {
            throw ProblemException.badRequest("invalid-kubeconfig", e.getMessage());
        }
    }

    static boolean hasTag(Map<String, String> tags, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return tags.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(tags.get(filter.substring(0, eq)));
    }

    public static ProblemException notFound(String name) {
        return ProblemException.notFound("cluster-not-found", "Cluster not found", "No cluster named '" + name + "'");
    }

    /** The cluster was written by someone else between this change's read and its write. */
    static ProblemException changedMeanwhile(String name) {
        return ProblemException.conflict("cluster-changed", "Cluster changed meanwhile",
                "Cluster '" + name + "' was changed while this change was made; read it again and retry");
    }

    private static ProblemException conflict(String name) {
        return ProblemException.conflict("cluster-exists", "Cluster already registered",
                "A cluster named '" + name + "' is already registered");
    }
}
