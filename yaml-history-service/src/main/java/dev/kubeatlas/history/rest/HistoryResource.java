package dev.kubeatlas.history.rest;

import dev.kubeatlas.history.model.ResourceVersion;
import dev.kubeatlas.history.model.TrackedResource;
import dev.kubeatlas.history.service.RollbackService;
import dev.kubeatlas.history.service.Versions;
import dev.kubeatlas.history.service.diff.FieldDiff;
import dev.kubeatlas.history.service.diff.LineDiff;
import dev.kubeatlas.history.service.diff.StoredManifest;
import dev.kubeatlas.history.service.workload.WorkloadClient;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.rest.Negotiation;
import dev.kubeatlas.support.rest.QueryFilter;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The versions of every watched resource. {@code {resource}} is {@code plural.group} as the change stream names it
 * ({@code deployments.apps}), or the plural alone when that is unambiguous; {@code _} is the namespace of
 * cluster-scoped resources.
 */
@Path("/api/v1/history/{cluster}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
@WithSession
public class HistoryResource {

    private final RollbackService rollback;
    private final WorkloadClient workload;
    private final SecurityIdentity identity;

    public HistoryResource(RollbackService rollback, WorkloadClient workload, SecurityIdentity identity) {
        this.rollback = rollback;
        this.workload = workload;
        this.identity = identity;
    }

    static final String YAML = "application/yaml";
    /** Where a change was made: through KubeAtlas, or outside it (drift). */
    static final Set<String> SOURCES = Set.of("kubeatlas", "external");

    public record VersionView(int number, String changeType, String actor, String source, boolean drift, Instant at,
                              String resourceVersion, String summary, String contentHash) {
        static VersionView of(ResourceVersion v) {
            return new VersionView(v.number, v.changeType, v.actor, v.source, "external".equals(v.source), v.at,
                    v.resourceVersion, v.summary, v.contentHash);
        }
    }

    /** The cluster's change timeline, newest first; external changes are flagged as drift. */
    @GET
    @Path("/changes")
    public Uni<Map<String, Object>> changes(@RestPath String cluster, @RestQuery("since") String sinceParam,
                                            @RestQuery("until") String untilParam, @RestQuery String namespace,
                                            @RestQuery("source") String sourceParam, @RestQuery("limit") String limitParam) {
        Instant since = QueryParams.instant("since", sinceParam);
        Instant until = QueryParams.instant("until", untilParam);
        String source = QueryParams.oneOf("source", sourceParam, SOURCES);
        Integer requested = QueryParams.integer("limit", limitParam, 1, 1000);
        int limit = requested == null ? 100 : requested;
        return TrackedResource.<TrackedResource>list("cluster = ?1" + (namespace == null ? "" : " and namespace = ?2"),
                        namespace == null ? new Object[]{cluster} : new Object[]{cluster, namespace})
                .chain(tracked -> {
                    if (tracked.isEmpty()) {
                        return Uni.createFrom().item(Map.<String, Object>of("items", List.of()));
                    }
                    Map<Long, TrackedResource> byId = tracked.stream().collect(Collectors.toMap(t -> t.id, t -> t));
                    QueryFilter filter = filters(new QueryFilter().where("trackedId in :ids", Parameters.with("ids", byId.keySet())),
                            since, until, null, source);
                    return ResourceVersion.<ResourceVersion>find(filter.query(), Sort.descending("at", "id"), filter.parameters())
                            .page(Page.ofSize(limit)).list()
                            .map(versions -> Map.<String, Object>of("items", versions.stream().map(v -> {
                                TrackedResource t = byId.get(v.trackedId);
                                Map<String, Object> item = new LinkedHashMap<>();
                                item.put("resource", t.resource);
                                item.put("kind", t.kind);
                                item.put("namespace", t.namespace);
                                item.put("name", t.name);
                                item.put("version", VersionView.of(v));
                                return item;
                            }).toList()));
                });
    }

    @GET
    @Path("/{resource}/{namespace}/{name}")
    public Uni<Map<String, Object>> versions(@RestPath String cluster, @RestPath String resource,
                                             @RestPath String namespace, @RestPath String name,
                                             @RestQuery("since") String sinceParam,
                                             @RestQuery("until") String untilParam, @RestQuery String actor,
                                             @RestQuery("source") String sourceParam) {
        Instant since = QueryParams.instant("since", sinceParam);
        Instant until = QueryParams.instant("until", untilParam);
        String source = QueryParams.oneOf("source", sourceParam, SOURCES);
        return tracked(cluster, resource, namespace, name).chain(t -> {
            QueryFilter filter = filters(new QueryFilter().where("trackedId = :id", Parameters.with("id", t.id)),
                    since, until, actor, source);
            return ResourceVersion.<ResourceVersion>find(filter.query(), Sort.descending("number"), filter.parameters()).list()
                    .map(versions -> {
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("cluster", t.cluster);
                        body.put("resource", t.resource);
                        body.put("kind", t.kind);
                        body.put("namespace", t.namespace);
                        body.put("name", t.name);
                        body.put("deleted", t.deleted);
                        body.put("latestVersion", t.latestVersion);
                        body.put("versions", versions.stream().map(VersionView::of).toList());
                        return body;
                    });
        });
    }

    /** A version's manifest; {@code Accept: application/yaml} for YAML. A deletion shows the content it deleted. */
    @GET
    @Path("/{resource}/{namespace}/{name}/versions/{number}")
    @Produces({MediaType.APPLICATION_JSON, YAML})
    public Uni<Response> version(@RestPath String cluster, @RestPath String resource, @RestPath String namespace,
                                 @RestPath String name, @RestPath int number, HttpHeaders headers) {
        return tracked(cluster, resource, namespace, name)
                .chain(t -> Versions.content(t, number))
                .map(manifest -> Negotiation.prefers(headers, "yaml")
                        ? Response.ok(StoredManifest.yaml(manifest), YAML).build()
                        : Response.ok(manifest, MediaType.APPLICATION_JSON).build());
    }

    /**
     * Field-level changes from version {@code from} to {@code to} (default: the one before {@code to}, and the latest),
     * or, with {@code Accept: text/plain}, a unified diff of their YAML.
     */
    @GET
    @Path("/{resource}/{namespace}/{name}/diff")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Uni<Response> diff(@RestPath String cluster, @RestPath String resource, @RestPath String namespace,
                              @RestPath String name, @RestQuery("from") String fromParam, @RestQuery("to") String toParam,
                              HttpHeaders headers) {
        Integer from = QueryParams.integer("from", fromParam, 1, Integer.MAX_VALUE);
        Integer to = QueryParams.integer("to", toParam, 1, Integer.MAX_VALUE);
        return tracked(cluster, resource, namespace, name).chain(t -> {
            int target = to == null ? t.latestVersion : to;
            int base = from == null ? target - 1 : from;
            if (base < 1 || target < 1 || base > t.latestVersion || target > t.latestVersion) {
                throw ProblemException.badRequest("invalid-versions", "Versions run from 1 to " + t.latestVersion
                        + "; give ?from= and ?to=");
            }
            return Versions.content(t, base).chain(a -> Versions.content(t, target).map(b -> {
                if (Negotiation.prefers(headers, "text/plain")) {
                    return Response.ok(LineDiff.unified("version " + base, StoredManifest.yaml(FieldDiff.withoutVolatile(a)),
                            "version " + target, StoredManifest.yaml(FieldDiff.withoutVolatile(b))), MediaType.TEXT_PLAIN).build();
                }
                List<FieldDiff.Change> changes = FieldDiff.between(a, b);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("from", base);
                body.put("to", target);
                body.put("changes", changes);
                return Response.ok(body, MediaType.APPLICATION_JSON).build();
            }));
        });
    }

    /**
     * What changed between a version (default: the latest) and the object running now: field-level changes,
     * volatile metadata left out. The live object is read through workload-service as the caller.
     */
    @GET
    @Path("/{resource}/{namespace}/{name}/diff-live")
    public Uni<Map<String, Object>> diffLive(@RestPath String cluster, @RestPath String resource,
                                             @RestPath String namespace, @RestPath String name,
                                             @RestQuery("version") String versionParam,
                                             @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
        Integer version = QueryParams.integer("version", versionParam, 1, Integer.MAX_VALUE);
        return tracked(cluster, resource, namespace, name).chain(t -> {
            int number = version == null ? t.latestVersion : version;
            return Versions.content(t, number).chain(stored -> workload.live(t, bearer).map(live -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("version", number);
                body.put("live", live != null);
                body.put("liveResourceVersion", live == null ? null : live.path("metadata").path("resourceVersion").asText(null));
                body.put("changes", live == null ? List.of() : FieldDiff.between(stored, live));
                return body;
            }));
        });
    }

    /**
     * Puts the resource back to version {@code version} through workload-service, as the caller:
     * {@code {"version": n, "dryRun": false, "force": false, "resourceVersion": "<what the caller saw>"}}.
     * A deleted resource is created again.
     */
    @POST
    @Path("/{resource}/{namespace}/{name}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Map<String, Object>> rollback(@RestPath String cluster, @RestPath String resource,
                                             @RestPath String namespace, @RestPath String name,
                                             @NotNull @Valid RollbackRequest request,
                                             @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
        return tracked(cluster, resource, namespace, name).chain(t -> rollback.apply(t,
                new RollbackService.Request(request.version(), request.dryRun(), request.force(), request.resourceVersion()),
                bearer, identity.getPrincipal().getName()));
    }

    public record RollbackRequest(@Min(1) int version, boolean dryRun, boolean force, String resourceVersion) {
    }

    /** The tracked resource by exact type, or by plural when one type of that plural has history in the cluster. */
    static Uni<TrackedResource> tracked(String cluster, String resource, String namespace, String name) {
        return TrackedResource.<TrackedResource>list("cluster = ?1 and namespace = ?2 and name = ?3 and (resource = ?4 or resource like ?5)",
                        cluster, namespace, name, resource, resource + ".%")
                .map(found -> {
                    List<TrackedResource> exact = found.stream().filter(t -> t.resource.equals(resource)).toList();
                    List<TrackedResource> candidates = exact.isEmpty() ? found : exact;
                    if (candidates.isEmpty()) {
                        throw ProblemException.notFound("history-not-found", "No history",
                                "No history for " + resource + " " + namespace + "/" + name + " in cluster '" + cluster
                                        + "' (use _ as the namespace of cluster-scoped resources)");
                    }
                    if (candidates.size() > 1) {
                        throw ProblemException.badRequest("ambiguous-resource", "'" + resource + "' names "
                                + candidates.stream().map(t -> t.resource).toList() + "; use plural.group");
                    }
                    return candidates.get(0);
                });
    }

    private static QueryFilter filters(QueryFilter filter, Instant since, Instant until, String actor, String source) {
        return filter.where("at >= :since", "since", since).where("at <= :until", "until", until)
                .equal("actor", actor).equal("source", source);
    }
}
