package dev.kubeatlas.history.rest;

import dev.kubeatlas.history.model.ResourceVersion;
import dev.kubeatlas.history.model.RetentionPolicy;
import dev.kubeatlas.history.model.TrackedResource;
import dev.kubeatlas.history.model.VersionTag;
import dev.kubeatlas.history.service.RetentionService;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Tags on versions, and each cluster's retention policy. */
@Path("/api/v1/history/{cluster}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
@WithSession
public class TagsAndRetentionResource {

    private final RetentionService retention;
    private final SecurityIdentity identity;

    public TagsAndRetentionResource(RetentionService retention, SecurityIdentity identity) {
        this.retention = retention;
        this.identity = identity;
    }

    public record TagRequest(
            @NotNull @Pattern(regexp = "[a-z0-9]([-a-z0-9._]{0,61}[a-z0-9])?",
                    message = "lower-case letters, digits, '-', '.', '_'; at most 63") String tag,
            @Min(1) int version) {
    }

    public record TagView(String tag, int version, String createdBy, Instant createdAt) {
        static TagView of(VersionTag t) {
            return new TagView(t.tag, t.number, t.createdBy, t.createdAt);
        }
    }

    @POST
    @Path("/{resource}/{namespace}/{name}/tags")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Response> tag(@RestPath String cluster, @RestPath String resource, @RestPath String namespace,
                             @RestPath String name, @NotNull @Valid TagRequest request) {
        return HistoryResource.tracked(cluster, resource, namespace, name).chain(t -> Panache.withTransaction(() ->
                ResourceVersion.count("trackedId = ?1 and number = ?2", t.id, request.version()).chain(exists -> {
                    if (exists == 0) {
                        throw ProblemException.notFound("version-not-found", "Version not found",
                                "No version " + request.version() + " (it may have been removed by retention)");
                    }
                    return VersionTag.<VersionTag>findById(new VersionTag.Key(t.id, request.tag()));
                }).chain(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("tag-exists", "Tag exists", "'" + request.tag()
                                + "' already names version " + existing.number + "; delete it first");
                    }
                    VersionTag tag = new VersionTag();
                    tag.trackedId = t.id;
                    tag.tag = request.tag();
                    tag.number = request.version();
                    tag.createdBy = identity.getPrincipal().getName();
                    tag.createdAt = Instant.now();
                    return tag.<VersionTag>persist();
                }))).map(tag -> Response.status(Response.Status.CREATED).entity(TagView.of(tag)).build());
    }

    @GET
    @Path("/{resource}/{namespace}/{name}/tags")
    public Uni<Map<String, Object>> tags(@RestPath String cluster, @RestPath String resource, @RestPath String namespace,
                                         @RestPath String name) {
        return HistoryResource.tracked(cluster, resource, namespace, name)
                .chain(t -> VersionTag.<VersionTag>list("trackedId", Sort.by("tag"), t.id))
                .map(tags -> Map.of("items", tags.stream().map(TagView::of).toList()));
    }

    @DELETE
    @Path("/{resource}/{namespace}/{name}/tags/{tag}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Response> untag(@RestPath String cluster, @RestPath String resource, @RestPath String namespace,
                               @RestPath String name, @RestPath String tag) {
        return HistoryResource.tracked(cluster, resource, namespace, name)
                .chain(t -> Panache.withTransaction(() -> VersionTag.deleteById(new VersionTag.Key(t.id, tag))))
                .map(deleted -> {
                    if (!deleted) {
                        throw ProblemException.notFound("tag-not-found", "Tag not found", "No tag '" + tag + "'");
                    }
                    return Response.noContent().build();
                });
    }

    /** Every resource of the cluster with a version of that tag. */
    @GET
    @Path("/tags/{tag}")
    public Uni<Map<String, Object>> findTag(@RestPath String cluster, @RestPath String tag) {
        return VersionTag.<VersionTag>list("tag", tag).chain(tags -> {
            if (tags.isEmpty()) {
                return Uni.createFrom().item(Map.<String, Object>of("items", List.of()));
            }
            Map<Long, VersionTag> byTracked = tags.stream().collect(Collectors.toMap(t -> t.trackedId, t -> t));
            return TrackedResource.<TrackedResource>list("cluster = ?1 and id in ?2", cluster, byTracked.keySet())
                    .map(resources -> Map.of("items", resources.stream().map(r -> {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("resource", r.resource);
                        item.put("namespace", r.namespace);
                        item.put("name", r.name);
                        item.put("version", byTracked.get(r.id).number);
                        return item;
                    }).toList()));
        });
    }

    public record RetentionRequest(@Min(1) Integer keepVersions, @Min(1) Integer keepDays) {
    }

    @GET
    @Path("/retention")
    public Uni<Map<String, Object>> retention(@RestPath String cluster) {
        return RetentionPolicy.<RetentionPolicy>findById(cluster).map(p -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cluster", cluster);
            body.put("keepVersions", p == null ? null : p.keepVersions);
            body.put("keepDays", p == null ? null : p.keepDays);
            return body;
        });
    }

    /** Sets the policy and applies it at once; the answer says how many versions went. */
    @PUT
    @Path("/retention")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Map<String, Object>> setRetention(@RestPath String cluster, @NotNull @Valid RetentionRequest request) {
        return Panache.withTransaction(() -> RetentionPolicy.<RetentionPolicy>findById(cluster).chain(existing -> {
                    RetentionPolicy policy = existing == null ? new RetentionPolicy() : existing;
                    policy.cluster = cluster;
                    policy.keepVersions = request.keepVersions();
                    policy.keepDays = request.keepDays();
                    policy.updatedBy = identity.getPrincipal().getName();
                    policy.updatedAt = Instant.now();
                    return policy.<RetentionPolicy>persist();
                }))
                .chain(policy -> retention.apply(policy).map(removed -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("cluster", cluster);
                    body.put("keepVersions", policy.keepVersions);
                    body.put("keepDays", policy.keepDays);
                    body.put("removed", removed);
                    return body;
                }));
    }
}
