package dev.kubeatlas.history.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** What one restore did (or would do, in a dry run), object by object. */
@Entity
@Table(name = "backup_restore")
public class RestoreRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "backup_id", nullable = false)
    public UUID backupId;

    @Column(name = "target_cluster", nullable = false)
    public String targetCluster;

    @Column(nullable = false)
    public String mode;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** JSON: outcome counts. */
    @Column(nullable = false)
    public String summary;

    /** JSON: one result per object. */
    @Column(nullable = false)
    public String results;
}
