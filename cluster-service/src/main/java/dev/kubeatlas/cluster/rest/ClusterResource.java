package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.cluster.rest.dto.ClusterView;
import dev.kubeatlas.cluster.rest.dto.ContextView;
import dev.kubeatlas.cluster.rest.dto.KubeconfigRequest;
import dev.kubeatlas.cluster.rest.dto.RegisterClusterRequest;
import dev.kubeatlas.cluster.service.ClusterService;
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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.util.Optional;

@Path("/api/v1/clusters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ClusterResource {

    private final ClusterService clusters;
    private final SecurityIdentity identity;

    public ClusterResource(ClusterService clusters, SecurityIdentity identity) {
        this.clusters = clusters;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<Items<ClusterView>> list(@RestQuery Optional<String> tag, @RestQuery Optional<String> provider,
                                        @RestQuery Optional<String> status) {
        return clusters.list(tag, provider, status).map(list -> Items.of(list.stream().map(ClusterView::of).toList()));
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<ClusterView> get(@RestPath String name) {
        return clusters.get(name).map(ClusterView::of);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> register(@Valid @NotNull RegisterClusterRequest request, @RestQuery boolean force) {
        return clusters.register(request, force, identity.getPrincipal().getName())
                .map(c -> Response.created(URI.create("/api/v1/clusters/" + c.name)).entity(ClusterView.of(c)).build());
    }

    @POST
    @Path("/kubeconfig/contexts")
    @RolesAllowed(Roles.ADMIN)
    public Items<ContextView> contexts(@Valid @NotNull KubeconfigRequest request) {
        return Items.of(clusters.contexts(request.kubeconfig()));
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@RestPath String name) {
        return clusters.delete(name, identity.getPrincipal().getName()).replaceWith(Response.noContent().build());
    }
}
