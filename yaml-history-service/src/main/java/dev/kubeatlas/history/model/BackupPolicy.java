package dev.kubeatlas.history.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A scheduled backup: a scope, a Unix cron expression and how many of its backups are kept. */
@Entity
@Table(name = "backup_policy")
public class BackupPolicy extends PanacheEntityBase {

    @Id
    public String name;

    @Embedded
    public ScopeColumns scope;

    @Column(nullable = false)
    public String cron;

    @Column(nullable = false)
    public int retain;

    @Column(nullable = false)
    public boolean enabled = true;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_run_at")
    public Instant lastRunAt;

    @Column(name = "last_backup_id")
    public UUID lastBackupId;

    @Column(name = "last_error")
    public String lastError;
}
