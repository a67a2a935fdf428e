package dev.kubeatlas.cluster.service;

import dev.kubeatlas.cluster.config.ClusterConfig;
import dev.kubeatlas.support.crypto.KeyedCipher;
import dev.kubeatlas.cluster.health.HealthRecorder;
import dev.kubeatlas.cluster.kube.ConnectionReport;
import dev.kubeatlas.cluster.kube.ConnectionTester;
import dev.kubeatlas.cluster.kube.KubeconfigException;
import dev.kubeatlas.cluster.kube.KubeconfigParser;
import dev.kubeatlas.cluster.kube.ParsedKubeconfig;
import dev.kubeatlas.cluster.kube.ProviderDetector;
import dev.kubeatlas.cluster.model.Cluster;
import dev.kubeatlas.cluster.rest.dto.ContextView;
import dev.kubeatlas.cluster.rest.dto.CredentialsView;
import dev.kubeatlas.cluster.rest.dto.RegisterClusterRequest;
import dev.kubeatlas.cluster.rest.dto.UpdateClusterRequest;
import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.cluster.v1.ClusterRegistered;
import dev.kubeatlas.events.cluster.v1.ClusterRemoved;
import dev.kubeatlas.events.cluster.v1.ClusterUpdated;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

@ApplicationScoped
public class ClusterService {

    public static final String SERVICE = "cluster-service";

    private final KubeconfigParser parser;
    private final ConnectionTester tester;
    private final KeyedCipher cipher;
    private final OutboxPublisher outbox;
    private final HealthRecorder health;
    private final ClusterConfig config;

    public ClusterService(KubeconfigParser parser, ConnectionTester tester, KeyedCipher cipher,
                          OutboxPublisher outbox, HealthRecorder health, ClusterConfig config) {
        this.parser = parser;
        this.tester = tester;
        this.cipher = cipher;
        this.outbox = outbox;
        this.health = health;
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
                .chain(() -> testAndRequire(parsed, force))
                .chain(report -> {
                    Cluster cluster = newCluster(request, parsed, report, actor);
                    return Panache.withTransaction(() -> cluster.<Cluster>persist()
                            .call(saved -> health.recordFirst(saved, report))
                            .call(saved -> outbox.publish(EventTypes.CLUSTER_REGISTERED, saved.name,
                                    CloudEvent.create(EventTypes.CLUSTER_REGISTERED, SERVICE, saved.name, saved.name,
                                            registered(saved, actor)))))
                            .onFailure(ClusterService::isUniqueViolation).transform(e -> conflict(request.name()));
                })
                .invoke(c -> Log.infof("Cluster %s registered by %s: %s, %s, %s", c.name, actor, c.provider,
                        c.kubernetesVersion, c.status));
    }

    /**
     * Applies a change to a registration and publishes {@code ClusterUpdated} with the fields that changed. A new
     * kubeconfig or context is validated and tested first, like a registration.
     *
     * @param removed the fields the merge patch sets to null (RFC 7386): they go back to their default
     */
    public Uni<Cluster> update(String name, UpdateClusterRequest request, Set<String> removed, boolean force,
                               String actor) {
        if (request.name() != null && !request.name().equals(name)) {
            throw ProblemException.badRequest("name-immutable",
                    "A cluster's name cannot change; register the cluster again under the new name");
        }
        if (removed.contains("kubeconfig")) {
            throw ProblemException.badRequest("kubeconfig-required",
                    "A cluster's kubeconfig cannot be removed; delete the cluster instead");
        }
        checkSize(request.kubeconfig());
        return get(name).chain(current -> {
            boolean newCredentials = request.kubeconfig() != null || request.context() != null
                    || removed.contains("context");
            if (!newCredentials) {
                return Uni.createFrom().item(Optional.<Credentials>empty());
            }
            String kubeconfig = request.kubeconfig() != null ? request.kubeconfig() : open(current);
            ParsedKubeconfig parsed = parse(() -> parser.context(kubeconfig,
                    request.context() != null ? request.context()
                            : request.kubeconfig() != null || removed.contains("context") ? null : current.context));
            return testAndRequire(parsed, force)
                    .map(report -> Optional.of(new Credentials(kubeconfig, parsed, report)));
        }).chain(credentials -> Panache.withTransaction(() -> get(name).chain(cluster -> {
            List<String> changed = applyChanges(cluster, request, removed, credentials.orElse(null));
            if (changed.isEmpty()) {
                return Uni.createFrom().item(cluster);
            }
            cluster.updatedAt = Instant.now();
            Uni<Cluster> saved = cluster.persist();
            if (credentials.isPresent()) {
                saved = saved.call(c -> health.record(c, credentials.get().report(), true));
            }
            return saved.call(c -> outbox.publish(EventTypes.CLUSTER_UPDATED, name,
                            CloudEvent.create(EventTypes.CLUSTER_UPDATED, SERVICE, name, name,
                                    new ClusterUpdated(name, c.displayName, c.provider, c.region, c.server, c.tags,
                                            changed, credentials.isPresent(), actor))))
                    .invoke(c -> Log.infof("Cluster %s changed by %s: %s", name, actor, changed));
        })));
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

    /** Tests the connection now, with a permission review, and records the outcome as a health check. */
    public Uni<ConnectionReport> testNow(String name, String actor) {
        return get(name).chain(cluster -> {
            String kubeconfig = open(cluster);
            int revision = cluster.credentialsRevision;
            return Blocking.call(() -> testStored(kubeconfig, cluster.context, true))
                    .call(report -> Panache.withTransaction(() -> health.record(name, revision, report, true)))
                    .invoke(report -> Log.infof("Cluster %s tested by %s: %s", name, actor, report.status()));
        });
    }

    /** The decrypted credentials of a cluster, for another KubeAtlas service. */
    public Uni<CredentialsView> credentials(String name, String caller) {
        return get(name).map(c -> new CredentialsView(c.name, c.context, c.server, open(c), c.credentialsRevision))
                .invoke(c -> Log.infof("Credentials of cluster %s (revision %d) handed to %s", name, c.revision(), caller));
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

    /** Registers or refreshes a cluster from credentials KubeAtlas obtained itself (its own cluster). */
    public Uni<Cluster> registerOrRefresh(RegisterClusterRequest request, String actor) {
        return Cluster.<Cluster>findById(request.name()).chain(existing -> {
            if (existing == null) {
                return register(request, true, actor);
            }
            if (request.kubeconfig().equals(open(existing))) {
                return Uni.createFrom().item(existing);
            }
            return update(request.name(), new UpdateClusterRequest(null, null, null, null, null, null,
                    request.kubeconfig(), request.context(), null), Set.of(), true, actor);
        });
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

    private record Credentials(String kubeconfig, ParsedKubeconfig parsed, ConnectionReport report) {
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

    /** A merge patch (RFC 7386): a given value replaces, null removes, {@code tags} merge key by key. */
    private List<String> applyChanges(Cluster c, UpdateClusterRequest r, Set<String> removed, Credentials credentials) {
        List<String> changed = new ArrayList<>();
        String displayName = removed.contains("displayName") ? defaultDisplayName(c.name, c.sandbox) : r.displayName();
        if (displayName != null && !displayName.equals(c.displayName)) {
            c.displayName = displayName;
            changed.add("displayName");
        }
        String description = removed.contains("description") ? "" : r.description();
        if (description != null && !description.equals(Objects.toString(c.description, ""))) {
            c.description = description.isEmpty() ? null : description;
            changed.add("description");
        }
        String provider = removed.contains("provider") ? detectedProvider(c) : r.provider();
        if (provider != null && !provider.isBlank() && !provider.equals(c.provider)) {
            c.provider = provider;
            changed.add("provider");
        }
        String region = removed.contains("region") ? "" : r.region();
        if (region != null && !region.equals(Objects.toString(c.region, ""))) {
            c.region = region.isEmpty() ? null : region;
            changed.add("region");
        }
        Map<String, String> tags = removed.contains("tags") ? Map.of() : merged(c.tags, r.tags());
        if (!tags.equals(c.tags == null ? Map.of() : c.tags)) {
            c.tags = tags;
            changed.add("tags");
        }
        Integer requestedInterval = removed.contains("checkIntervalSeconds") ? Integer.valueOf(0) : r.checkIntervalSeconds();
        if (requestedInterval != null) {
            Integer interval = requestedInterval == 0 ? null : Math.max(5, requestedInterval);
            if (!Objects.equals(interval, c.checkIntervalSeconds)) {
                c.checkIntervalSeconds = interval;
                changed.add("checkIntervalSeconds");
            }
        }
        if (credentials != null) {
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
        }
        return changed;
    }

    /** The tags with a patch's applied: a value sets its key, null removes it. */
    private static Map<String, String> merged(Map<String, String> tags, Map<String, String> patch) {
        Map<String, String> result = new LinkedHashMap<>(tags == null ? Map.of() : tags);
        if (patch != null) {
            patch.forEach((key, value) -> {
                if (value == null) {
                    result.remove(key);
                } else {
                    result.put(key, value);
                }
            });
        }
        return Map.copyOf(result);
    }

    private static String defaultDisplayName(String name, boolean sandbox) {
        return sandbox ? name + " (simulated)" : name;
    }

    private static String detectedProvider(Cluster c) {
        return c.sandbox ? "sandbox" : ProviderDetector.detect(c.server, null, c.kubernetesVersion);
    }

    private Cluster newCluster(RegisterClusterRequest request, ParsedKubeconfig parsed, ConnectionReport report, String actor) {
        Cluster c = new Cluster();
        c.name = request.name();
        c.displayName = request.displayName() != null ? request.displayName()
                : defaultDisplayName(request.name(), report.sandbox());
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

    private static ClusterRegistered registered(Cluster c, String actor) {
        return new ClusterRegistered(c.name, c.displayName, c.provider, c.region, c.server, c.kubernetesVersion,
                c.status, c.sandbox, c.tags, actor);
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

    public static ProblemException notFound(String name) {
        return ProblemException.notFound("cluster-not-found", "Cluster not found", "No cluster named '" + name + "'");
    }

    private static ProblemException conflict(String name) {
        return ProblemException.conflict("cluster-exists", "Cluster already registered",
                "A cluster named '" + name + "' is already registered");
    }
}
