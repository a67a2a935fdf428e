package dev.kubeatlas.history.rest.dto;

import dev.kubeatlas.history.model.BackupPolicy;
import dev.kubeatlas.history.model.Scope;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A backup policy and how its last run went. */
public record PolicyView(String name, String cluster, List<String> namespaces, List<String> kinds,
                         String labelSelector, String cron, int retain, boolean enabled, String createdBy,
                         Instant createdAt, Instant lastRunAt, UUID lastBackupId, String lastError) {

    public static PolicyView of(BackupPolicy p) {
        Scope scope = p.scope.toScope();
        return new PolicyView(p.name, scope.cluster(), scope.namespaces(), scope.kinds(), scope.labelSelector(), p.cron,
                p.retain, p.enabled, p.createdBy, p.createdAt, p.lastRunAt, p.lastBackupId, p.lastError);
    }
}
