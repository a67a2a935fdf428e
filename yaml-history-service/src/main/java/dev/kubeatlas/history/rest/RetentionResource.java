package dev.kubeatlas.history.rest;

import dev.kubeatlas.history.rest.dto.RetentionRequest;
import dev.kubeatlas.history.rest.dto.RetentionView;
import dev.kubeatlas.history.service.RetentionService;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/** Each cluster's retention policy. */
@Path("/api/v1/history/{cluster}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class RetentionResource {

    private final RetentionService retention;
    private final SecurityIdentity identity;

    public RetentionResource(RetentionService retention, SecurityIdentity identity) {
        this.retention = retention;
        this.identity = identity;
    }

    @GET
    @Path("/retention")
    @Operation(operationId = "getRetentionPolicy", summary = "The cluster's retention policy")
    @APIResponse(responseCode = "200", description = "The policy (null limits: everything is kept)")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<RetentionView> retention(@RestPath String cluster) {
        return retention.policy(cluster).map(p -> new RetentionView(cluster, p == null ? null : p.keepVersions,
                p == null ? null : p.keepDays, null));
    }

    /** Sets the policy and applies it at once; the answer says how many versions went. */
    @PUT
    @Path("/retention")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "setRetentionPolicy", summary = "Sets the cluster's retention policy and applies it at once")
    @APIResponse(responseCode = "200", description = "The policy and how many versions it removed")
    @APIResponse(responseCode = "400", description = "Invalid limits")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<RetentionView> setRetention(@RestPath String cluster, @NotNull @Valid RetentionRequest request) {
        return retention.set(cluster, request.keepVersions(), request.keepDays(), identity.getPrincipal().getName())
                .map(a -> new RetentionView(cluster, a.policy().keepVersions, a.policy().keepDays, a.removed()));
    }
}
