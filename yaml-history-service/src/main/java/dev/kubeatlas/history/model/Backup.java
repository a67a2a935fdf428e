package dev.kubeatlas.history.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One backup: what it covers, who or which policy took it, and how it went. The archive is a {@link SealedArchive}. */
@Entity
@Table(name = "backup")
public class Backup extends PanacheEntityBase {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    @Id
    public UUID id;

    @Embedded
    public ScopeColumns scope;

    public String policy;

    @Column(nullable = false)
    public String state;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "object_count", nullable = false)
    public int objectCount;

    /** JSON: objects per resource type. */
    public String counts;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    public String error;
}
