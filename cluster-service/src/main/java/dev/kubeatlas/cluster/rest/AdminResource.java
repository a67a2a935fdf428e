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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Encryption at rest of stored kubeconfigs: which keys are in use, and re-encryption with the active key. */
@Path("/api/v1/admin/encryption")
@Tag(name = "Encryption at rest")
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
    @Operation(operationId = "getEncryptionStatus", summary = "The active key, the configured keys, and the kubeconfigs sealed with each")
    @APIResponse(responseCode = "200", description = "The encryption status")
    public Uni<EncryptionView> status() {
        return rotation.status().map(EncryptionView::of);
    }

    @POST
    @Path("/rotate")
    @Operation(operationId = "rotateEncryptionKey", summary = "Re-encrypts every kubeconfig sealed with another key than the active one")
    @APIResponse(responseCode = "200", description = "The encryption status, with how many were re-encrypted and which could not be opened")
    @APIResponse(responseCode = "409", description = "Clusters kept changing during the rotation: rotate again")
    public Uni<EncryptionView> rotate() {
        return rotation.rotate(identity.getPrincipal().getName()).map(EncryptionView::of);
    }
}
