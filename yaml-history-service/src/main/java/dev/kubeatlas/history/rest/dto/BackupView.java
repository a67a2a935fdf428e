package dev.kubeatlas.history.rest.dto;

import dev.kubeatlas.history.model.Backup;
import dev.kubeatlas.history.model.Scope;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A backup: its scope, who or which policy took it, how it went, objects per resource type. */
public record BackupView(UUID id, String cluster, List<String> namespaces, List<String> kinds, String labelSelector,
                         String policy, String state, String createdBy, Instant createdAt, Instant completedAt,
                         int objects, Map<String, Integer> counts, long bytes, String error) {

    public static BackupView of(Backup b) {
        Scope scope = b.scope.toScope();
        return new BackupView(b.id, scope.cluster(), scope.namespaces(), scope.kinds(), scope.labelSelector(), b.policy,
                b.state, b.createdBy, b.createdAt, b.completedAt, b.objectCount, StoredJson.counts(b.counts), b.sizeBytes,
                b.error);
    }
}
