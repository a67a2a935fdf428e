package dev.kubeatlas.history.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeatlas.history.model.Backup;
import dev.kubeatlas.history.model.BackupPolicy;
import dev.kubeatlas.history.model.RestoreRecord;
import dev.kubeatlas.history.model.Scope;
import dev.kubeatlas.history.model.ScopeColumns;
import dev.kubeatlas.history.service.backup.BackupSchedules;
import dev.kubeatlas.history.service.backup.BackupService;
import dev.kubeatlas.history.service.backup.RestoreService;
import dev.kubeatlas.history.service.backup.Tarball;
import dev.kubeatlas.history.service.workload.WorkloadClient;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.rest.QueryFilter;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * BackupService of live objects (admins): take one now, list, download the archive (decrypted), delete; restore into the
 * same or another cluster, with a dry run first; and policies that take them on a schedule.
 */
@Path("/api/v1/backups")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@WithSession
public class BackupResource {

    static final ObjectMapper JSON = new ObjectMapper();

    private final BackupService backups;
    private final RestoreService restore;
    private final BackupSchedules schedules;
    private final WorkloadClient workload;
    private final SecurityIdentity identity;

    public BackupResource(BackupService backups, RestoreService restore, BackupSchedules schedules, WorkloadClient workload,
                          SecurityIdentity identity) {
        this.backups = backups;
        this.workload = workload;
        this.restore = restore;
        this.schedules = schedules;
        this.identity = identity;
    }

    public record BackupRequest(String cluster, List<String> namespaces, List<String> kinds, String labelSelector) {
    }

    public record BackupView(UUID id, String cluster, List<String> namespaces, List<String> kinds, String labelSelector,
                             String policy, String state, String createdBy, Instant createdAt, Instant completedAt,
                             int objects, Map<String, Integer> counts, long bytes, String error) {
        static BackupView of(Backup b) {
            Scope scope = b.scope.toScope();
            return new BackupView(b.id, scope.cluster(), scope.namespaces(), scope.kinds(), scope.labelSelector(), b.policy, b.state,
                    b.createdBy, b.createdAt, b.completedAt, b.objectCount, BackupResource.counts(b.counts), b.sizeBytes, b.error);
        }
    }

    public record PolicyRequest(
            @NotNull @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", message = "a DNS-1123 label") String name,
            String cluster, List<String> namespaces, List<String> kinds, String labelSelector,
            @NotNull String cron, @Min(1) @Max(1000) int retain, Boolean enabled) {
    }

    public record PolicyView(String name, String cluster, List<String> namespaces, List<String> kinds,
                             String labelSelector, String cron, int retain, boolean enabled, String createdBy,
                             Instant createdAt, Instant lastRunAt, UUID lastBackupId, String lastError) {
        static PolicyView of(BackupPolicy p) {
            Scope scope = p.scope.toScope();
            return new PolicyView(p.name, scope.cluster(), scope.namespaces(), scope.kinds(), scope.labelSelector(), p.cron, p.retain,
                    p.enabled, p.createdBy, p.createdAt, p.lastRunAt, p.lastBackupId, p.lastError);
        }
    }

    public record RestoreView(UUID id, UUID backup, String targetCluster, String mode, boolean dryRun, String createdBy,
                              Instant createdAt, Map<String, Integer> summary, JsonNode results) {
        static RestoreView of(RestoreRecord r, boolean withResults) {
            return new RestoreView(r.id, r.backupId, r.targetCluster, r.mode, r.dryRun, r.createdBy, r.createdAt,
                    BackupResource.counts(r.summary), withResults ? tree(r.results) : null);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> take(BackupRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
        if (request == null) {
            throw ProblemException.badRequest("invalid-scope", "A body with at least 'cluster' is required");
        }
        Scope scope = new Scope(request.cluster(), request.namespaces(), request.kinds(), request.labelSelector());
        return backups.take(scope, actor(), null, bearer).map(b -> Response.created(URI.create("/api/v1/backups/" + b.id))
                .entity(BackupView.of(b)).build());
    }

    @GET
    public Uni<Items<BackupView>> list(@RestQuery String cluster, @RestQuery String policy) {
        QueryFilter filter = new QueryFilter().where("scope.cluster = :cluster", "cluster", cluster).equal("policy", policy);
        return Backup.<Backup>find(filter.query(), Sort.descending("createdAt"), filter.parameters()).list()
                .map(all -> Items.of(all.stream().map(BackupView::of).toList()));
    }

    @GET
    @Path("/{id}")
    public Uni<BackupView> get(@RestPath String id) {
        return find(id).map(BackupView::of);
    }

    /** The archive, decrypted: a tar.gz of YAML files by namespace, resource type and name. */
    @GET
    @Path("/{id}/archive")
    @Produces({"application/gzip", MediaType.APPLICATION_JSON})
    public Uni<Response> download(@RestPath String id) {
        return find(id).chain(backup -> backups.archive(backup).map(bytes -> Response.ok(bytes, "application/gzip")
                .header("Content-Disposition", "attachment; filename=\"kubeatlas-backup-" + backup.scope.cluster + "-"
                        + backup.id + ".tar.gz\"")
                .build()));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@RestPath String id) {
        return find(id).chain(backup -> Panache.withTransaction(() -> backup.delete()))
                .replaceWith(Response.noContent().build());
    }

    /**
     * Restores the backup's objects: {@code {"targetCluster": "...", "namespaceMapping": {"shop": "shop-copy"},
     * "mode": "skip-existing"|"overwrite", "dryRun": true}}. The answer lists what happened to each object.
     */
    @POST
    @Path("/{id}/restore")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestoreView> restore(@RestPath String id, RestoreService.Request request,
                                    @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
        RestoreService.Request effective = request == null ? new RestoreService.Request(null, null, null, false) : request;
        String actor = actor();
        return find(id).chain(backup -> backups.archive(backup)
                .chain(bytes -> restore.restore(backup, Tarball.read(bytes), effective, actor, bearer)))
                .map(record -> RestoreView.of(record, true));
    }

    @GET
    @Path("/{id}/restores")
    public Uni<Items<RestoreView>> restores(@RestPath String id) {
        return find(id).chain(backup -> RestoreRecord.<RestoreRecord>find("backupId", Sort.descending("createdAt"), backup.id)
                .list()).map(all -> Items.of(all.stream().map(r -> RestoreView.of(r, false)).toList()));
    }

    @GET
    @Path("/policies")
    public Uni<Items<PolicyView>> policies() {
        return BackupPolicy.<BackupPolicy>listAll(Sort.ascending("name"))
                .map(all -> Items.of(all.stream().map(PolicyView::of).toList()));
    }

    @GET
    @Path("/policies/{name}")
    public Uni<PolicyView> policy(@RestPath String name) {
        return findPolicy(name).map(PolicyView::of);
    }

    @POST
    @Path("/policies")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> createPolicy(@NotNull @Valid PolicyRequest request,
                                      @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
        BackupPolicy policy = new BackupPolicy();
        policy.name = request.name();
        policy.createdBy = actor();
        policy.createdAt = Instant.now();
        apply(policy, request);
        return workload.requireCluster(policy.scope.cluster, bearer).chain(() -> BackupPolicy.findById(request.name())).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("policy-exists", "Backup policy exists",
                        "A backup policy named '" + request.name() + "' exists; change it with PUT");
            }
            return Panache.withTransaction(policy::persist);
        }).invoke(() -> schedules.schedule(policy))
                .map(p -> Response.created(URI.create("/api/v1/backups/policies/" + policy.name))
                        .entity(PolicyView.of(policy)).build());
    }

    @PUT
    @Path("/policies/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<PolicyView> updatePolicy(@RestPath String name, @NotNull @Valid PolicyRequest request,
                                        @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
        if (!name.equals(request.name())) {
            throw ProblemException.badRequest("name-mismatch", "The body names policy '" + request.name()
                    + "', the path '" + name + "'");
        }
        return workload.requireCluster(new Scope(request.cluster(), request.namespaces(), request.kinds(),
                request.labelSelector()).cluster(), bearer).chain(() -> Panache.withTransaction(() -> findPolicy(name).invoke(policy -> apply(policy, request)))
                .invoke(schedules::schedule).map(PolicyView::of));
    }

    @DELETE
    @Path("/policies/{name}")
    public Uni<Response> deletePolicy(@RestPath String name) {
        return Panache.withTransaction(() -> findPolicy(name).chain(policy -> policy.delete()))
                .invoke(() -> schedules.unschedule(name)).replaceWith(Response.noContent().build());
    }

    /** Runs the policy now, as its schedule would. */
    @POST
    @Path("/policies/{name}/run")
    public Uni<Response> runPolicy(@RestPath String name) {
        return findPolicy(name).chain(policy -> schedules.run(name))
                .map(b -> Response.created(URI.create("/api/v1/backups/" + b.id)).entity(BackupView.of(b)).build());
    }

    private static void apply(BackupPolicy policy, PolicyRequest request) {
        BackupSchedules.validate(request.cron());
        policy.scope = ScopeColumns.of(new Scope(request.cluster(), request.namespaces(), request.kinds(), request.labelSelector()));
        policy.cron = request.cron().trim();
        policy.retain = request.retain();
        policy.enabled = request.enabled() == null || request.enabled();
    }

    private static Uni<Backup> find(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
        return Backup.<Backup>findById(uuid).map(b -> {
            if (b == null) {
                throw notFound(id);
            }
            return b;
        });
    }

    private static Uni<BackupPolicy> findPolicy(String name) {
        return BackupPolicy.<BackupPolicy>findById(name).map(p -> {
            if (p == null) {
                throw ProblemException.notFound("policy-not-found", "Backup policy not found",
                        "No backup policy named '" + name + "'");
            }
            return p;
        });
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("backup-not-found", "Backup not found", "No backup with id '" + id + "'");
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    static Map<String, Integer> counts(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Integer>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.createArrayNode();
        }
    }
}
