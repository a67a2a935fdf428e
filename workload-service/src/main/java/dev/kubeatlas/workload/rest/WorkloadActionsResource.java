package dev.kubeatlas.workload.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.security.Roles;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.service.Caller;
import dev.kubeatlas.workload.service.actions.WorkloadActions;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;


/** Workload actions and rollout information. */
@Path("/api/v1/clusters/{cluster}/resources/{resource}/{name}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class WorkloadActionsResource {

    private final WorkloadActions actions;
    private final SecurityIdentity identity;

    public WorkloadActionsResource(WorkloadActions actions, SecurityIdentity identity) {
        this.actions = actions;
        this.identity = identity;
    }

    /**
     * {@code scale} ({"replicas": n}), {@code restart}, {@code undo} ({"revision": n}, default the previous one),
     * {@code suspend}, {@code resume}, {@code trigger}, {@code cordon}, {@code uncordon}. Returns the changed object
     * (for {@code trigger}, the Job created).
     */
    @Operation(operationId = "runWorkloadAction", summary = "Runs an action: scale, restart, undo, suspend, resume, trigger, cordon, uncordon")
    @POST
    @Path("/{action}")
    @Consumes(MediaType.WILDCARD)
    public Uni<JsonNode> act(@RestPath String cluster, @RestPath String resource, @RestPath String name,
                             @RestPath String action, @RestQuery String namespace, @RestQuery boolean dryRun,
                             @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        JsonNode parsed = body == null || body.isBlank() ? null : Manifests.parse(body, contentType);
        return actions.run(Caller.of(identity), cluster, resource, namespace, name, action, parsed, dryRun)
                .map(f -> Manifests.present(f.type(), f.object(), false));
    }

    @Operation(operationId = "listRevisions", summary = "A Deployment's revisions")
    @GET
    @Path("/revisions")
    public Uni<Items<WorkloadActions.Revision>> revisions(@RestPath String cluster, @RestPath String resource,
                                                          @RestPath String name, @RestQuery String namespace) {
        return actions.revisions(cluster, resource, namespace, name).map(Items::of);
    }

    @Operation(operationId = "getRolloutStatus", summary = "A workload's rollout status, as kubectl reports it")
    @GET
    @Path("/rollout-status")
    public Uni<WorkloadActions.RolloutStatus> rolloutStatus(@RestPath String cluster, @RestPath String resource,
                                                  @RestPath String name, @RestQuery String namespace) {
        return actions.rolloutStatus(cluster, resource, namespace, name);
    }
}
