package dev.kubeatlas.history.rest;

import dev.kubeatlas.history.model.Backup;
import dev.kubeatlas.history.model.Scope;
import dev.kubeatlas.history.rest.dto.BackupRequest;
import dev.kubeatlas.history.rest.dto.BackupView;
import dev.kubeatlas.history.rest.dto.PolicyRequest;
import dev.kubeatlas.history.rest.dto.PolicyView;
import dev.kubeatlas.history.rest.dto.RestoreRequest;
import dev.kubeatlas.history.rest.dto.RestoreView;
import dev.kubeatlas.history.service.backup.BackupService;
import dev.kubeatlas.history.service.backup.PolicyService;
import dev.kubeatlas.history.service.backup.RestoreService;
import dev.kubeatlas.support.problem.ProblemException;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;

/**
 * Backups of live objects (admins): take one now, list, download the archive (decrypted), delete; restore into the
 * same or another cluster, with a dry run first; and policies that take them on a schedule.
 */
@Path("/api/v1/backups")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class BackupResource {

    private final BackupService backups;
    private final RestoreService restore;
    private final PolicyService policies;
    private final SecurityIdentity identity;

    public BackupResource(BackupService backups, RestoreService restore, PolicyService policies,
                          SecurityIdentity identity) {
        this.backups = backups;
        this.restore = restore;
        this.policies = policies;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createBackup", summary = "Takes a backup of a scope now")
    @APIResponse(responseCode = "201", description = "The backup")
    @APIResponse(responseCode = "400", description = "Invalid scope")
    @APIResponse(responseCode = "404", description = "Unknown cluster or namespace")
    @APIResponse(responseCode = "422", description = "An object is nested too deeply")
    @APIResponse(responseCode = "503", description = "workload-service is unavailable")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Response> take(BackupRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
        if (request == null) {
            throw ProblemException.badRequest("invalid-scope", "A body with at least 'cluster' is required");
        }
        Scope scope = new Scope(request.cluster(), request.namespaces(), request.kinds(), request.labelSelector());
        return backups.take(scope, actor(), null, bearer).map(BackupResource::created);
    }

    @GET
    @Operation(operationId = "listBackups", summary = "The backups, newest first")
    @APIResponse(responseCode = "200", description = "The backups")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Items<BackupView>> list(@RestQuery String cluster, @RestQuery String policy) {
        return backups.list(cluster, policy).map(all -> Items.of(all.stream().map(BackupView::of).toList()));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getBackup", summary = "One backup")
    @APIResponse(responseCode = "200", description = "The backup")
    @APIResponse(responseCode = "404", description = "No such backup")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<BackupView> get(@RestPath String id) {
        return backups.get(id).map(BackupView::of);
    }

    /** The archive, decrypted: a tar.gz of YAML files by namespace, resource type and name. */
    @GET
    @Path("/{id}/archive")
    @Produces({"application/gzip", MediaType.APPLICATION_JSON})
    @Operation(operationId = "downloadBackupArchive", summary = "The backup's archive, decrypted (tar.gz)")
    @APIResponse(responseCode = "200", description = "The archive")
    @APIResponse(responseCode = "404", description = "No such backup")
    @APIResponse(responseCode = "409", description = "The backup has no archive")
    @APIResponse(responseCode = "503", description = "The archive does not decrypt with the configured keys")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Response> download(@RestPath String id) {
        return backups.download(id).map(d -> Response.ok(d.tarGz(), "application/gzip")
                .header("Content-Disposition", "attachment; filename=\"kubeatlas-backup-" + d.backup().scope.cluster + "-"
                        + d.backup().id + ".tar.gz\"")
                .build());
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteBackup", summary = "Deletes a backup and its archive")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such backup")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Response> delete(@RestPath String id) {
        return backups.delete(id).replaceWith(Response.noContent().build());
    }

    /**
     * Restores the backup's objects: {@code {"targetCluster": "...", "namespaceMapping": {"shop": "shop-copy"},
     * "mode": "skip-existing"|"overwrite", "dryRun": true}}. The answer lists what happened to each object.
     */
    @POST
    @Path("/{id}/restore")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "restoreBackup", summary = "Restores a backup's objects, or reports what a restore would do")
    @APIResponse(responseCode = "200", description = "What happened to each object")
    @APIResponse(responseCode = "400", description = "Invalid mode or namespace mapping")
    @APIResponse(responseCode = "404", description = "No such backup, or unknown target cluster")
    @APIResponse(responseCode = "409", description = "The backup has no archive")
    @APIResponse(responseCode = "503", description = "workload-service is unavailable")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<RestoreView> restore(@RestPath String id, RestoreRequest request,
                                    @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
        RestoreService.Request effective = request == null ? new RestoreService.Request(null, null, null, false)
                : new RestoreService.Request(request.targetCluster(), request.namespaceMapping(), request.mode(),
                request.dryRun());
        return restore.restore(id, effective, actor(), bearer).map(record -> RestoreView.of(record, true));
    }

    @GET
    @Path("/{id}/restores")
    @Operation(operationId = "listBackupRestores", summary = "The restores and dry runs of a backup, newest first")
    @APIResponse(responseCode = "200", description = "The restores")
    @APIResponse(responseCode = "404", description = "No such backup")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Items<RestoreView>> restores(@RestPath String id) {
        return backups.restores(id).map(all -> Items.of(all.stream().map(r -> RestoreView.of(r, false)).toList()));
    }

    @GET
    @Path("/policies")
    @Operation(operationId = "listBackupPolicies", summary = "The backup policies by name")
    @APIResponse(responseCode = "200", description = "The policies")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Items<PolicyView>> policies() {
        return policies.list().map(all -> Items.of(all.stream().map(PolicyView::of).toList()));
    }

    @GET
    @Path("/policies/{name}")
    @Operation(operationId = "getBackupPolicy", summary = "One backup policy and its last run")
    @APIResponse(responseCode = "200", description = "The policy")
    @APIResponse(responseCode = "404", description = "No such policy")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<PolicyView> policy(@RestPath String name) {
        return policies.get(name).map(PolicyView::of);
    }

    @POST
    @Path("/policies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createBackupPolicy", summary = "Creates a backup policy and schedules it")
    @APIResponse(responseCode = "201", description = "The policy")
    @APIResponse(responseCode = "400", description = "Invalid name, scope, cron or retain")
    @APIResponse(responseCode = "404", description = "Unknown cluster")
    @APIResponse(responseCode = "409", description = "A policy of that name exists")
    @APIResponse(responseCode = "503", description = "workload-service is unavailable")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Response> createPolicy(@NotNull @Valid PolicyRequest request,
                                      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
        return policies.create(spec(request), actor(), bearer)
                .map(p -> Response.created(URI.create("/api/v1/backups/policies/" + p.name)).entity(PolicyView.of(p)).build());
    }

    @PUT
    @Path("/policies/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateBackupPolicy", summary = "Changes a backup policy and reschedules it")
    @APIResponse(responseCode = "200", description = "The policy")
    @APIResponse(responseCode = "400", description = "Invalid body, or a name other than the path's")
    @APIResponse(responseCode = "404", description = "No such policy, or unknown cluster")
    @APIResponse(responseCode = "503", description = "workload-service is unavailable")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<PolicyView> updatePolicy(@RestPath String name, @NotNull @Valid PolicyRequest request,
                                        @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
        return policies.update(name, spec(request), bearer).map(PolicyView::of);
    }

    @DELETE
    @Path("/policies/{name}")
    @Operation(operationId = "deleteBackupPolicy", summary = "Deletes a backup policy (its backups stay)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such policy")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Response> deletePolicy(@RestPath String name) {
        return policies.delete(name).replaceWith(Response.noContent().build());
    }

    /** Runs the policy now, as its schedule would. */
    @POST
    @Path("/policies/{name}/run")
    @Operation(operationId = "runBackupPolicy", summary = "Runs a backup policy now, as its schedule would")
    @APIResponse(responseCode = "201", description = "The backup")
    @APIResponse(responseCode = "404", description = "No such policy")
    @APIResponse(responseCode = "503", description = "No service token, or workload-service is unavailable")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<Response> runPolicy(@RestPath String name) {
        return policies.run(name).map(BackupResource::created);
    }

    private static PolicyService.Spec spec(PolicyRequest request) {
        return new PolicyService.Spec(request.name(), new Scope(request.cluster(), request.namespaces(), request.kinds(),
                request.labelSelector()), request.cron(), request.retain(), request.enabled() == null || request.enabled());
    }

    private static Response created(Backup b) {
        return Response.created(URI.create("/api/v1/backups/" + b.id)).entity(BackupView.of(b)).build();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
