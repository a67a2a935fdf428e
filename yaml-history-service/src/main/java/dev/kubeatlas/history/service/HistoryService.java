package dev.kubeatlas.history.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.history.model.ResourceVersion;
import dev.kubeatlas.history.model.TrackedResource;
import dev.kubeatlas.history.service.diff.FieldDiff;
import dev.kubeatlas.history.service.diff.LineDiff;
import dev.kubeatlas.history.service.diff.StoredManifest;
import dev.kubeatlas.history.service.workload.WorkloadClient;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.rest.QueryFilter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reading the versions of watched resources: a cluster's timeline, a resource's versions, a version's manifest,
 * the changes between two versions or between a version and the live object. Every read is one short session; the
 * live object is read from workload-service after it has closed; diffs (a large manifest's take milliseconds) are
 * computed on a worker thread.
 */
@ApplicationScoped
public class HistoryService {

    /** One resource of a cluster as the history names it; {@code namespace} is {@code _} when cluster-scoped. */
    public record ResourceKey(String cluster, String resource, String namespace, String name) {
    }

    /** A filter on versions: each bound is left out when null. */
    public record VersionFilter(Instant since, Instant until, String actor, String source) {
    }

    /** A resource and its versions, newest first. */
    public record ResourceHistory(TrackedResource resource, List<ResourceVersion> versions) {
    }

    /** One entry of a cluster's timeline. */
    public record Change(TrackedResource resource, ResourceVersion version) {
    }

    /** Field-level changes from one version to another. */
    public record VersionDiff(int from, int to, List<FieldDiff.Change> changes) {
    }

    /** Field-level changes from a version to the live object; {@code liveResourceVersion} null when none runs. */
    public record LiveDiff(int version, boolean live, String liveResourceVersion, List<FieldDiff.Change> changes) {
    }

    private final WorkloadClient workload;

    public HistoryService(WorkloadClient workload) {
        this.workload = workload;
    }

    /** The cluster's change timeline, newest first, at most {@code limit} entries. */
    public Uni<List<Change>> changes(String cluster, String namespace, VersionFilter filter, int limit) {
        return Panache.withSession(() -> TrackedResource.<TrackedResource>list(
                        "cluster = ?1" + (namespace == null ? "" : " and namespace = ?2"),
                        namespace == null ? new Object[]{cluster} : new Object[]{cluster, namespace})
                .chain(tracked -> {
                    if (tracked.isEmpty()) {
                        return Uni.createFrom().item(List.<Change>of());
                    }
                    Map<Long, TrackedResource> byId = tracked.stream().collect(Collectors.toMap(t -> t.id, t -> t));
                    QueryFilter query = filtered(new QueryFilter().where("trackedId in :ids",
                            Parameters.with("ids", byId.keySet())), filter);
                    return ResourceVersion.<ResourceVersion>find(query.query(), Sort.descending("at", "id"), query.parameters())
                            .page(Page.ofSize(limit)).list()
                            .map(versions -> versions.stream().map(v -> new Change(byId.get(v.trackedId), v)).toList());
                }));
    }

    /** The resource's versions that pass the filter, newest first. */
    public Uni<ResourceHistory> versions(ResourceKey key, VersionFilter filter) {
        return Panache.withSession(() -> tracked(key).chain(t -> {
            QueryFilter query = filtered(new QueryFilter().where("trackedId = :id", Parameters.with("id", t.id)), filter);
            return ResourceVersion.<ResourceVersion>find(query.query(), Sort.descending("number"), query.parameters()).list()
                    .map(versions -> new ResourceHistory(t, versions));
        }));
    }

    /** The manifest as of version {@code number}: for a deletion, the content it deleted. */
    public Uni<JsonNode> content(ResourceKey key, int number) {
        return Panache.withSession(() -> tracked(key).chain(t -> Versions.content(t, number)));
    }

    /** The two manifests compared by {@code diff}: {@code from} (default: the one before {@code to}) and {@code to} (default: the latest). */
    record Pair(int from, int to, JsonNode a, JsonNode b) {
    }

    private Uni<Pair> pair(ResourceKey key, Integer from, Integer to) {
        return Panache.withSession(() -> tracked(key).chain(t -> {
            int target = to == null ? t.latestVersion : to;
            int base = from == null ? target - 1 : from;
            if (base < 1 || target < 1 || base > t.latestVersion || target > t.latestVersion) {
                throw ProblemException.badRequest("invalid-versions", "Versions run from 1 to " + t.latestVersion
                        + "; give ?from= and ?to=");
            }
            return Versions.content(t, base).chain(a -> Versions.content(t, target).map(b -> new Pair(base, target, a, b)));
        }));
    }

    /** Field-level changes from version {@code from} to {@code to}. */
    public Uni<VersionDiff> diff(ResourceKey key, Integer from, Integer to) {
        return pair(key, from, to).chain(p -> Blocking.call(() -> new VersionDiff(p.from(), p.to(), FieldDiff.between(p.a(), p.b()))));
    }

    /** A unified diff of the two versions' YAML, volatile metadata left out. */
    public Uni<String> unifiedDiff(ResourceKey key, Integer from, Integer to) {
        return pair(key, from, to).chain(p -> Blocking.call(() -> LineDiff.unified(
                "version " + p.from(), StoredManifest.yaml(FieldDiff.withoutVolatile(p.a())),
                "version " + p.to(), StoredManifest.yaml(FieldDiff.withoutVolatile(p.b())))));
    }

    /** What changed between a version (default: the latest) and the live object, read as the caller. */
    public Uni<LiveDiff> diffLive(ResourceKey key, Integer version, String bearer) {
        return Panache.withSession(() -> tracked(key).chain(t -> {
            int number = version == null ? t.latestVersion : version;
            return Versions.content(t, number).map(stored -> new Stored(t, number, stored));
        })).chain(stored -> workload.live(stored.tracked(), bearer).chain(live -> Blocking.call(() -> new LiveDiff(
                stored.number(), live != null, live == null ? null : live.path("metadata").path("resourceVersion").asText(null),
                live == null ? List.of() : FieldDiff.between(stored.manifest(), live)))));
    }

    private record Stored(TrackedResource tracked, int number, JsonNode manifest) {
    }

    /**
     * The tracked resource by exact type, or by plural when one type of that plural has history in the cluster.
     * Runs in the caller's session.
     */
    static Uni<TrackedResource> tracked(ResourceKey key) {
        String resource = key.resource();
        return TrackedResource.<TrackedResource>list("cluster = ?1 and namespace = ?2 and name = ?3 and (resource = ?4 or resource like ?5)",
                        key.cluster(), key.namespace(), key.name(), resource, resource + ".%")
                .map(found -> only(key, found));
    }

    /** The one resource {@code key} names among those found, by exact type first. */
    static TrackedResource only(ResourceKey key, List<TrackedResource> found) {
        List<TrackedResource> exact = found.stream().filter(t -> t.resource.equals(key.resource())).toList();
        List<TrackedResource> candidates = exact.isEmpty() ? found : exact;
        if (candidates.isEmpty()) {
            throw ProblemException.notFound("history-not-found", "No history",
                    "No history for " + key.resource() + " " + key.namespace() + "/" + key.name() + " in cluster '"
                            + key.cluster() + "' (use _ as the namespace of cluster-scoped resources)");
        }
        if (candidates.size() > 1) {
            throw ProblemException.badRequest("ambiguous-resource", "'" + key.resource() + "' names "
                    + candidates.stream().map(t -> t.resource).toList() + "; use plural.group");
        }
        return candidates.get(0);
    }

    private static QueryFilter filtered(QueryFilter query, VersionFilter filter) {
        return query.where("at >= :since", "since", filter.since()).where("at <= :until", "until", filter.until())
                .equal("actor", filter.actor()).equal("source", filter.source());
    }
}
