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
import java.util.List;

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

    /** What a rollback did (or, in a dry run, would do). */
    public record Outcome(int version, boolean dryRun, boolean recreated, List<FieldDiff.Change> changes,
                          String resourceVersion) {
    }

    /** What the history holds for the rollback, read in one short session. */
    private record Recorded(TrackedResource tracked, JsonNode target, String resourceVersion) {
    }

    /**
     * Reads the version and what the history last recorded in one session, reads and writes the live object through
     * workload-service with no session open, then records the pending rollback in a transaction of its own.
     */
    public Uni<Outcome> apply(HistoryService.ResourceKey key, Request request, String bearer, String actor) {
        return Panache.withSession(() -> HistoryService.tracked(key).chain(tracked -> {
            check(tracked, request);
            return Versions.content(tracked, request.version()).chain(target -> latestRecorded(tracked)
                    .map(recorded -> new Recorded(tracked, target, recorded)));
        })).chain(recorded -> {
            TrackedResource tracked = recorded.tracked();
            return workload.live(tracked, bearer).chain(live -> {
                String liveVersion = live == null ? null : live.path("metadata").path("resourceVersion").asText(null);
                String expected = request.resourceVersion() != null ? request.resourceVersion() : recorded.resourceVersion();
                if (!request.force() && live != null && expected != null && !expected.equals(liveVersion)) {
                    throw ProblemException.conflict("live-object-changed", "The live object changed",
                            "The live object is at resourceVersion " + liveVersion + ", not " + expected
                                    + "; look at it again, or roll back with \"force\": true");
                }
                ObjectNode desired = desired(recorded.target(), live);
                List<FieldDiff.Change> changes = FieldDiff.between(live == null ? null : FieldDiff.withoutVolatile(live),
                        FieldDiff.withoutVolatile(desired));
                return workload.write(tracked, desired, live == null, request.dryRun(), bearer).chain(result -> {
                    String newVersion = result.path("metadata").path("resourceVersion").asText(null);
                    Outcome outcome = new Outcome(request.version(), request.dryRun(), live == null, changes, newVersion);
                    if (request.dryRun() || newVersion == null) {
                        return Uni.createFrom().item(outcome);
                    }
                    PendingRollback pending = new PendingRollback();
                    pending.trackedId = tracked.id;
                    pending.resourceVersion = newVersion;
                    pending.targetVersion = request.version();
                    pending.actor = actor;
                    pending.createdAt = Instant.now();
                    return Panache.withTransaction(pending::persist).replaceWith(outcome);
                });
            });
        });
    }

    /** Refuses Secrets (only hashes of their values are kept) and versions that do not exist. */
    static void check(TrackedResource tracked, Request request) {
        if ("secrets".equals(tracked.resource)) {
            throw ProblemException.unprocessable("secret-rollback", "Secrets cannot be rolled back",
                    "History keeps only hashes of Secret values, never the values themselves");
        }
        if (request.version() < 1 || request.version() > tracked.latestVersion) {
            throw ProblemException.badRequest("invalid-version", "Versions run from 1 to " + tracked.latestVersion);
        }
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
