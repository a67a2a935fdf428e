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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Credentials of registered clusters, for the other KubeAtlas services. The gateway does not route {@code /internal};
 * the caller needs a service identity (a client-credentials token with the {@code service} role), never a user's.
 */
@Path("/internal/v1/clusters")
@Tag(name = "Internal")
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
    @Operation(operationId = "getClusterCredentials", summary = "A cluster's decrypted kubeconfig and its revision, for KubeAtlas services")
    @APIResponse(responseCode = "200", description = "The credentials")
    @APIResponse(responseCode = "400", description = "Invalid name, parameter or body")
    @APIResponse(responseCode = "404", description = "No cluster of that name")
    @APIResponse(responseCode = "503", description = "The stored credentials cannot be decrypted with the configured keys")
    public Uni<CredentialsView> credentials(@RestPath String name) {
        return clusters.credentials(name, identity.getPrincipal().getName()).map(CredentialsView::of);
    }
}
