package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.cluster.rest.dto.EncryptionView;
import dev.kubeatlas.cluster.service.KeyRotation;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Encryption at rest of stored kubeconfigs: which keys are in use, and re-encryption with the active key. */
@Path("/api/v1/admin/encryption")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminResource {

    private final KeyRotation rotation;
    private final SecurityIdentity identity;

    public AdminResource(KeyRotation rotation, SecurityIdentity identity) {
        this.rotation = rotation;
        this.identity = identity;
    }

    @GET
    public Uni<EncryptionView> status() {
        return rotation.status().map(EncryptionView::of);
    }

    @POST
    @Path("/rotate")
    public Uni<EncryptionView> rotate() {
        return rotation.rotate(identity.getPrincipal().getName()).map(EncryptionView::of);
    }
}
