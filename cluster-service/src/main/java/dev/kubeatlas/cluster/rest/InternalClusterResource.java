package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.cluster.rest.dto.CredentialsView;
import dev.kubeatlas.cluster.service.ClusterService;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Credentials of registered clusters, for the other KubeAtlas services. The gateway does not route {@code /internal};
 * the caller needs a service identity (a client-credentials token with the {@code service} role), never a user's.
 */
@Path("/internal/v1/clusters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SERVICE)
public class InternalClusterResource {

    private final ClusterService clusters;
    private final SecurityIdentity identity;

    public InternalClusterResource(ClusterService clusters, SecurityIdentity identity) {
        this.clusters = clusters;
        this.identity = identity;
    }

    @GET
    @Path("/{name}/credentials")
    public Uni<CredentialsView> credentials(@RestPath String name) {
        return clusters.credentials(name, identity.getPrincipal().getName()).map(CredentialsView::of);
    }
}
