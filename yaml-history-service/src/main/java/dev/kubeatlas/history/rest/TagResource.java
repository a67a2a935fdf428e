package dev.kubeatlas.history.rest;

import dev.kubeatlas.history.rest.dto.TagRequest;
import dev.kubeatlas.history.rest.dto.TagView;
import dev.kubeatlas.history.rest.dto.TaggedResourceView;
import dev.kubeatlas.history.service.HistoryService.ResourceKey;
import dev.kubeatlas.history.service.TagService;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/** Tags on versions: names for one version of a resource, and every resource of a cluster with a tag. */
@Path("/api/v1/history/{cluster}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class TagResource {

    private final TagService tags;
    private final SecurityIdentity identity;

    public TagResource(TagService tags, SecurityIdentity identity) {
        this.tags = tags;
        this.identity = identity;
    }

    @POST
    @Path("/{resource}/{namespace}/{name}/tags")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(operationId = "tagVersion", summary = "Names a version of a resource")
    @APIResponse(responseCode = "201", description = "The tag")
    @APIResponse(responseCode = "400", description = "Invalid tag or version")
    @APIResponse(responseCode = "404", description = "No such resource or version")
    @APIResponse(responseCode = "409", description = "The tag names another version")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Response> tag(@RestPath String cluster, @RestPath String resource, @RestPath String namespace,
                             @RestPath String name, @NotNull @Valid TagRequest request) {
        return tags.tag(new ResourceKey(cluster, resource, namespace, name), request.tag(), request.version(),
                        identity.getPrincipal().getName())
                .map(tag -> Response.status(Response.Status.CREATED).entity(TagView.of(tag)).build());
    }

    @GET
    @Path("/{resource}/{namespace}/{name}/tags")
    @Operation(operationId = "listVersionTags", summary = "The tags of a resource")
    @APIResponse(responseCode = "200", description = "The tags")
    @APIResponse(responseCode = "404", description = "No history of that resource")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Items<TagView>> tags(@RestPath String cluster, @RestPath String resource, @RestPath String namespace,
                                    @RestPath String name) {
        return tags.tags(new ResourceKey(cluster, resource, namespace, name))
                .map(all -> Items.of(all.stream().map(TagView::of).toList()));
    }

    @DELETE
    @Path("/{resource}/{namespace}/{name}/tags/{tag}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(operationId = "untagVersion", summary = "Removes a tag")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such resource or tag")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Response> untag(@RestPath String cluster, @RestPath String resource, @RestPath String namespace,
                               @RestPath String name, @RestPath String tag) {
        return tags.untag(new ResourceKey(cluster, resource, namespace, name), tag)
                .replaceWith(Response.noContent().build());
    }

    /** Every resource of the cluster with a version of that tag. */
    @GET
    @Path("/tags/{tag}")
    @Operation(operationId = "findTaggedResources", summary = "Every resource of the cluster with a version of that tag")
    @APIResponse(responseCode = "200", description = "The resources and their tagged versions")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Items<TaggedResourceView>> findTag(@RestPath String cluster, @RestPath String tag) {
        return tags.find(cluster, tag).map(found -> Items.of(found.stream().map(t -> new TaggedResourceView(
                t.resource().resource, t.resource().namespace, t.resource().name, t.version())).toList()));
    }
}
