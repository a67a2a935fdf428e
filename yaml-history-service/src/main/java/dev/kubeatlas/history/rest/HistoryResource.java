package dev.kubeatlas.history.rest;

import dev.kubeatlas.history.rest.dto.ChangeView;
import dev.kubeatlas.history.rest.dto.DiffView;
import dev.kubeatlas.history.rest.dto.LiveDiffView;
import dev.kubeatlas.history.rest.dto.ResourceHistoryView;
import dev.kubeatlas.history.rest.dto.RollbackRequest;
import dev.kubeatlas.history.rest.dto.RollbackView;
import dev.kubeatlas.history.rest.dto.VersionView;
import dev.kubeatlas.history.service.HistoryService.ResourceKey;
import dev.kubeatlas.history.service.HistoryService.VersionFilter;
import dev.kubeatlas.history.service.HistoryService;
import dev.kubeatlas.history.service.RollbackService;
import dev.kubeatlas.history.service.diff.StoredManifest;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.rest.Negotiation;
import dev.kubeatlas.support.rest.QueryParams;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/**
 * The versions of every watched resource. {@code {resource}} is {@code plural.group} as the change stream names it
 * ({@code deployments.apps}), or the plural alone when that is unambiguous; {@code _} is the namespace of
 * cluster-scoped resources.
 */
@Path("/api/v1/history/{cluster}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class HistoryResource {

    static final String YAML = "application/yaml";
    /** Where a change was made: through KubeAtlas, or outside it (drift). */
    static final List<String> SOURCES = List.of("kubeatlas", "external");

    private final HistoryService history;
    private final RollbackService rollback;
    private final SecurityIdentity identity;

    public HistoryResource(HistoryService history, RollbackService rollback, SecurityIdentity identity) {
        this.history = history;
        this.rollback = rollback;
        this.identity = identity;
    }

    /** The cluster's change timeline, newest first; external changes are flagged as drift. */
    @GET
    @Path("/changes")
    @Operation(operationId = "listClusterChanges", summary = "The cluster's change timeline, newest first")
    @APIResponse(responseCode = "200", description = "The changes")
    @APIResponse(responseCode = "400", description = "A query parameter of the wrong form")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Items<ChangeView>> changes(@RestPath String cluster, @RestQuery("since") String sinceParam,
                                          @RestQuery("until") String untilParam, @RestQuery String namespace,
                                          @RestQuery("source") String sourceParam, @RestQuery("limit") String limitParam) {
        VersionFilter filter = new VersionFilter(QueryParams.instant("since", sinceParam),
                QueryParams.instant("until", untilParam), null, QueryParams.oneOf("source", sourceParam, SOURCES));
        Integer requested = QueryParams.optionalInteger("limit", limitParam, 1, 1000);
        return history.changes(cluster, namespace, filter, requested == null ? 100 : requested)
                .map(changes -> Items.of(changes.stream().map(c -> ChangeView.of(c.resource(), c.version())).toList()));
    }

    @GET
    @Path("/{resource}/{namespace}/{name}")
    @Operation(operationId = "listVersions", summary = "A resource's versions, newest first")
    @APIResponse(responseCode = "200", description = "The resource and its versions")
    @APIResponse(responseCode = "400", description = "A query parameter of the wrong form, or an ambiguous plural")
    @APIResponse(responseCode = "404", description = "No history of that resource")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<ResourceHistoryView> versions(@RestPath String cluster, @RestPath String resource,
                                             @RestPath String namespace, @RestPath String name,
                                             @RestQuery("since") String sinceParam,
                                             @RestQuery("until") String untilParam, @RestQuery String actor,
                                             @RestQuery("source") String sourceParam) {
        VersionFilter filter = new VersionFilter(QueryParams.instant("since", sinceParam),
                QueryParams.instant("until", untilParam), actor, QueryParams.oneOf("source", sourceParam, SOURCES));
        return history.versions(new ResourceKey(cluster, resource, namespace, name), filter)
                .map(h -> ResourceHistoryView.of(h.resource(), h.versions().stream().map(VersionView::of).toList()));
    }

    /** A version's manifest; {@code Accept: application/yaml} for YAML. A deletion shows the content it deleted. */
    @GET
    @Path("/{resource}/{namespace}/{name}/versions/{number}")
    @Produces({MediaType.APPLICATION_JSON, YAML})
    @Operation(operationId = "getVersion", summary = "A version's manifest, as JSON or YAML")
    @APIResponse(responseCode = "200", description = "The manifest")
    @APIResponse(responseCode = "404", description = "No such resource or version")
    @APIResponse(responseCode = "422", description = "The manifest is nested too deeply")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Response> version(@RestPath String cluster, @RestPath String resource, @RestPath String namespace,
                                 @RestPath String name, @RestPath int number, HttpHeaders headers) {
        return history.content(new ResourceKey(cluster, resource, namespace, name), number)
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
    @Operation(operationId = "diffVersions", summary = "Field-level (or unified) changes between two versions")
    @APIResponse(responseCode = "200", description = "The changes")
    @APIResponse(responseCode = "400", description = "Versions out of range or of the wrong form")
    @APIResponse(responseCode = "404", description = "No such resource or version")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Response> diff(@RestPath String cluster, @RestPath String resource, @RestPath String namespace,
                              @RestPath String name, @RestQuery("from") String fromParam, @RestQuery("to") String toParam,
                              HttpHeaders headers) {
        Integer from = QueryParams.optionalInteger("from", fromParam, 1, Integer.MAX_VALUE);
        Integer to = QueryParams.optionalInteger("to", toParam, 1, Integer.MAX_VALUE);
        ResourceKey key = new ResourceKey(cluster, resource, namespace, name);
        if (Negotiation.prefers(headers, "text/plain")) {
            return history.unifiedDiff(key, from, to).map(text -> Response.ok(text, MediaType.TEXT_PLAIN).build());
        }
        return history.diff(key, from, to).map(d -> Response.ok(new DiffView(d.from(), d.to(), d.changes()),
                MediaType.APPLICATION_JSON).build());
    }

    /**
     * What changed between a version (default: the latest) and the object running now: field-level changes,
     * volatile metadata left out. The live object is read through workload-service as the caller.
     */
    @GET
    @Path("/{resource}/{namespace}/{name}/diff-live")
    @Operation(operationId = "diffVersionWithLive", summary = "Changes from a version to the live object")
    @APIResponse(responseCode = "200", description = "The changes")
    @APIResponse(responseCode = "400", description = "A version of the wrong form")
    @APIResponse(responseCode = "404", description = "No such resource, version or cluster")
    @APIResponse(responseCode = "422", description = "The live object is nested too deeply")
    @APIResponse(responseCode = "503", description = "workload-service is unavailable")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<LiveDiffView> diffLive(@RestPath String cluster, @RestPath String resource,
                                      @RestPath String namespace, @RestPath String name,
                                      @RestQuery("version") String versionParam,
                                      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
        Integer version = QueryParams.optionalInteger("version", versionParam, 1, Integer.MAX_VALUE);
        return history.diffLive(new ResourceKey(cluster, resource, namespace, name), version, bearer)
                .map(d -> new LiveDiffView(d.version(), d.live(), d.liveResourceVersion(), d.changes()));
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
    @Operation(operationId = "rollbackResource", summary = "Puts a resource back to one of its versions through workload-service")
    @APIResponse(responseCode = "200", description = "What the rollback changed (or would change)")
    @APIResponse(responseCode = "400", description = "Invalid body or version")
    @APIResponse(responseCode = "404", description = "No such resource or version")
    @APIResponse(responseCode = "409", description = "The live object changed")
    @APIResponse(responseCode = "422", description = "Secrets cannot be rolled back")
    @APIResponse(responseCode = "503", description = "workload-service is unavailable")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<RollbackView> rollback(@RestPath String cluster, @RestPath String resource,
                                      @RestPath String namespace, @RestPath String name,
                                      @NotNull @Valid RollbackRequest request,
                                      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
        return rollback.apply(new ResourceKey(cluster, resource, namespace, name),
                        new RollbackService.Request(request.version(), request.dryRun(), request.force(),
                                request.resourceVersion()),
                        bearer, identity.getPrincipal().getName())
                .map(o -> new RollbackView(o.version(), o.dryRun(), o.recreated(), o.changes(), o.resourceVersion()));
    }
}
