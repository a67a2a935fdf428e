package dev.kubeatlas.workload.kube;

import dev.kubeatlas.kube.ClusterClients;
import dev.kubeatlas.kube.KubeErrors;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.consumer.ClusterChanged;
import dev.kubeatlas.support.problem.ProblemException;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource types each cluster serves, from its discovery documents (preferred version of every group, core
 * first, then groups in the order the API server lists them, as kubectl resolves names), cached per cluster for
 * five minutes. A name that does not resolve triggers one fresh discovery (a CRD may just have been installed).
 */
@ApplicationScoped
public class ApiCatalog {

    static final Duration TTL = Duration.ofMinutes(5);
    static final Duration MIN_REFRESH = Duration.ofSeconds(10);

    private final ClusterClients clients;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    record Snapshot(List<ApiResourceType> types, Instant fetchedAt) {
    }

    public ApiCatalog(ClusterClients clients) {
        this.clients = clients;
    }

    public Uni<List<ApiResourceType>> types(String cluster) {
        Snapshot cached = snapshots.get(cluster);
        if (cached != null && cached.fetchedAt().plus(TTL).isAfter(Instant.now())) {
            return Uni.createFrom().item(cached.types());
        }
        return refresh(cluster).map(Snapshot::types);
    }

    /**
     * Resolves what kubectl accepts: plural, singular, kind, short name, {@code plural.group}, {@code kind.group},
     * {@code plural.version.group}. 404 naming the type, and for a known CRD family which CRD is missing.
     */
    public Uni<ApiResourceType> resolve(String cluster, String name) {
        return types(cluster).chain(types -> {
            Optional<ApiResourceType> found = find(types, name);
            if (found.isPresent()) {
                return Uni.createFrom().item(found.get());
            }
            Snapshot cached = snapshots.get(cluster);
            if (cached != null && cached.fetchedAt().plus(MIN_REFRESH).isAfter(Instant.now())) {
                return Uni.createFrom().failure(unknown(name));
            }
            return refresh(cluster).map(fresh -> find(fresh.types(), name).orElseThrow(() -> unknown(name)));
        });
    }

    /** Resolves a type the caller knows by group and plural (e.g. {@code apps}, {@code deployments}). */
    public Uni<ApiResourceType> resolve(String cluster, String group, String plural) {
        return resolve(cluster, group.isEmpty() ? plural : plural + "." + group);
    }

    void onChange(@Observes ClusterChanged change) {
        if (change.change() == ClusterChanged.Change.CREDENTIALS_CHANGED
                || change.change() == ClusterChanged.Change.REMOVED) {
            snapshots.remove(change.name());
        }
    }

    public static Optional<ApiResourceType> find(List<ApiResourceType> types, String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (ApiResourceType t : types) {
            if (matches(t, wanted)) {
                return Optional.of(t);
            }
        }
        int dot = wanted.indexOf('.');
        if (dot > 0) {
            String head = wanted.substring(0, dot);
            String rest = wanted.substring(dot + 1);
            for (ApiResourceType t : types) {
                boolean groupMatches = rest.equals(t.group()) || rest.equals(t.version() + "." + t.group());
                if (groupMatches && matches(t, head)) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean matches(ApiResourceType t, String wanted) {
        return wanted.equals(t.plural()) || wanted.equals(t.singular())
                || wanted.equals(t.kind().toLowerCase(Locale.ROOT)) || t.shortNames().contains(wanted);
    }

    private Uni<Snapshot> refresh(String cluster) {
        return clients.forCluster(cluster)
                .chain(client -> Blocking.call(() -> discover(client)))
                .map(types -> new Snapshot(types, Instant.now()))
                .invoke(snapshot -> snapshots.put(cluster, snapshot))
                .onFailure().transform(e -> KubeErrors.translate(cluster, e));
    }

    static List<ApiResourceType> discover(KubernetesClient client) {
        List<ApiResourceType> result = new ArrayList<>(types("", "v1", client.getApiResources("v1")));
        APIGroupList groups = client.getApiGroups();
        // an API server (or something posing as one) may answer with a partial document: what is unusable is skipped
        for (APIGroup group : groups == null || groups.getGroups() == null ? List.<APIGroup>of() : groups.getGroups()) {
            String version = preferredVersion(group);
            if (version == null) {
                continue;
            }
            try {
                result.addAll(types(group.getName(), version, client.getApiResources(group.getName() + "/" + version)));
            } catch (KubernetesClientException e) {
                // an aggregated API that is down (metrics-server, typically) must not hide every other group
                if (e.getCode() != 503 && e.getCode() != 404) {
                    throw e;
                }
            }
        }
        return List.copyOf(result);
    }

    private static String preferredVersion(APIGroup group) {
        if (group == null || group.getName() == null) {
            return null;
        }
        if (group.getPreferredVersion() != null && group.getPreferredVersion().getVersion() != null) {
            return group.getPreferredVersion().getVersion();
        }
        return group.getVersions() == null || group.getVersions().isEmpty() ? null : group.getVersions().get(0).getVersion();
    }

    private static List<ApiResourceType> types(String group, String version, APIResourceList list) {
        if (list == null || list.getResources() == null) {
            return List.of();
        }
        Map<String, List<String>> subresources = new LinkedHashMap<>();
        for (APIResource r : list.getResources()) {
            if (r == null || r.getName() == null || r.getKind() == null) {
                continue;
            }
            int slash = r.getName().indexOf('/');
            if (slash > 0) {
                subresources.computeIfAbsent(r.getName().substring(0, slash), k -> new ArrayList<>())
                        .add(r.getName().substring(slash + 1));
            }
        }
        List<ApiResourceType> types = new ArrayList<>();
        for (APIResource r : list.getResources()) {
            if (r == null || r.getName() == null || r.getKind() == null || r.getName().contains("/")) {
                continue;
            }
            String singular = r.getSingularName() == null || r.getSingularName().isEmpty()
                    ? r.getKind().toLowerCase(Locale.ROOT) : r.getSingularName();
            types.add(new ApiResourceType(group, version, r.getName(), singular, r.getKind(),
                    Boolean.TRUE.equals(r.getNamespaced()), nonNull(r.getShortNames()), nonNull(r.getVerbs()),
                    List.copyOf(subresources.getOrDefault(r.getName(), List.of())), nonNull(r.getCategories())));
        }
        return types;
    }

    private static List<String> nonNull(List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static ProblemException unknown(String name) {
        return KnownCrds.forName(name)
                .map(f -> ProblemException.notFound("resource-type-not-found", "Resource type not served",
                        "The cluster does not serve '" + name + "': the " + f.project() + " CRD (group " + f.group()
                                + ") is not installed. It is installed by " + f.installs() + "."))
                .orElseGet(() -> ProblemException.notFound("resource-type-not-found", "Resource type not served",
                        "The cluster serves no resource type named '" + name + "' (plural, singular, kind, short name "
                                + "or plural.group, as kubectl accepts)"));
    }
}
