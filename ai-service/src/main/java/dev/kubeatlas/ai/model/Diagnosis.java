package dev.kubeatlas.ai.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;
import java.util.UUID;

/**
 * One diagnosis as it was answered: the cluster, the scope asked about, when it started and how long it took, who
 * asked, and its findings (the API's JSON, stored as jsonb).
 */
@Entity
@Table(name = "diagnosis")
public class Diagnosis extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String cluster;

    /** The scope: a namespace, and/or a resource type and object name; all null for the whole cluster. */
    public String namespace;

    public String resource;

    public String name;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;

    @Column(nullable = false)
    public String actor;

    /** JSON array of the types that could not be read: {@code [{"resource", "problem"}]}. */
    @Column(nullable = false)
    @ColumnTransformer(read = "unread::text", write = "cast(cast(? as text) as jsonb)")
    public String unread = "[]";

    /** JSON array of findings. */
    @Column(nullable = false)
    @ColumnTransformer(read = "findings::text", write = "cast(cast(? as text) as jsonb)")
    public String findings;
}
