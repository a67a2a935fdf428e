package dev.kubeatlas.history.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.history.model.PendingRollback;
import dev.kubeatlas.history.model.TrackedResource;
import dev.kubeatlas.history.service.diff.FieldDiff;
import dev.kubeatlas.history.service.workload.WorkloadClient;
import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts a resource back to one of its versions, through workload-service and with the caller's own token: the
 * change is authorized by the caller's roles and audited as theirs, like any other change. The live object must be
 * the one the history last recorded (or the one the caller saw), else 409 unless forced; a dry run returns the
 * changes it would make.
 */
@ApplicationScoped
public class RollbackService {

    static final List<String> SERVER_SET = List.of("uid", "creationTimestamp", "generation", "managedFields", "selfLink");

    private final WorkloadClient workload;

    public RollbackService(WorkloadClient workload) {
        this.workload = workload;
    }

    public record Request(int version, boolean dryRun, boolean force, String resourceVersion) {
    }

    public Uni<Map<String, Object>> apply(TrackedResource tracked, Request request, String bearer, String actor) {
        if ("secrets".equals(tracked.resource)) {
            throw ProblemException.unprocessable("secret-rollback", "Secrets cannot be rolled back",
                    "VersionRecorder keeps only hashes of Secret values, never the values themselves");
        }
        if (request.version() < 1 || request.version() > tracked.latestVersion) {
            throw ProblemException.badRequest("invalid-version", "Versions run from 1 to " + tracked.latestVersion);
        }
        return Versions.content(tracked, request.version()).chain(target -> workload.live(tracked, bearer).chain(live -> {
            String liveVersion = live == null ? null : live.path("metadata").path("resourceVersion").asText(null);
            return latestRecorded(tracked).chain(recorded -> {
                String expected = request.resourceVersion() != null ? request.resourceVersion() : recorded;
                if (!request.force() && live != null && expected != null && !expected.equals(liveVersion)) {
                    throw ProblemException.conflict("live-object-changed", "The live object changed",
                            "The live object is at resourceVersion " + liveVersion + ", not " + expected
                                    + "; look at it again, or roll back with \"force\": true");
                }
                ObjectNode desired = desired(target, live);
                List<FieldDiff.Change> changes = FieldDiff.between(live == null ? null : FieldDiff.withoutVolatile(live),
                        FieldDiff.withoutVolatile(desired));
                return workload.write(tracked, desired, live == null, request.dryRun(), bearer).chain(result -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("version", request.version());
                    body.put("dryRun", request.dryRun());
                    body.put("recreated", live == null);
                    body.put("changes", changes);
                    String newVersion = result.path("metadata").path("resourceVersion").asText(null);
                    body.put("resourceVersion", newVersion);
                    if (request.dryRun() || newVersion == null) {
                        return Uni.createFrom().item(body);
                    }
                    PendingRollback pending = new PendingRollback();
                    pending.trackedId = tracked.id;
                    pending.resourceVersion = newVersion;
                    pending.targetVersion = request.version();
                    pending.actor = actor;
                    pending.createdAt = Instant.now();
                    return Panache.withTransaction(pending::persist).replaceWith(body);
                });
            });
        }));
    }

    private static Uni<String> latestRecorded(TrackedResource tracked) {
        return Versions.latest(tracked).map(v -> v == null || tracked.deleted ? null : v.resourceVersion);
    }

    static ObjectNode desired(JsonNode target, JsonNode live) {
        ObjectNode desired = target.deepCopy();
        desired.remove("status");
        ObjectNode metadata = (ObjectNode) desired.path("metadata");
        SERVER_SET.forEach(metadata::remove);
        metadata.remove("resourceVersion");
        if (live != null) {
            metadata.put("resourceVersion", live.path("metadata").path("resourceVersion").asText());
        }
        return desired;
    }

}
