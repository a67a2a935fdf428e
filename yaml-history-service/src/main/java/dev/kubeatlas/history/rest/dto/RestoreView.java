package dev.kubeatlas.history.rest.dto;

import dev.kubeatlas.history.model.RestoreRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One restore (or dry run): outcome counts and, when just made, what happened to each object. */
public record RestoreView(UUID id, UUID backup, String targetCluster, String mode, boolean dryRun, String createdBy,
                          Instant createdAt, Map<String, Integer> summary, List<RestoreResultView> results) {

    public static RestoreView of(RestoreRecord r, boolean withResults) {
        return new RestoreView(r.id, r.backupId, r.targetCluster, r.mode, r.dryRun, r.createdBy, r.createdAt,
                StoredJson.counts(r.summary), withResults ? StoredJson.results(r.results) : null);
    }
}
