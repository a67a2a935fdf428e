package dev.kubeatlas.history.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One distinct content of a resource. */
@Entity
@Table(name = "resource_version")
public class ResourceVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tracked_id", nullable = false)
    public Long trackedId;

    @Column(nullable = false)
    public int number;

    @Column(name = "content_hash")
    public String contentHash;

    /** gzip of the manifest's JSON; null for a deletion. */
    public byte[] manifest;

    @Column(name = "change_type", nullable = false)
    public String changeType;

    public String actor;

    @Column(nullable = false)
    public String source;

    @Column(nullable = false)
    public Instant at;

    @Column(name = "resource_version")
    public String resourceVersion;

    public String summary;

    @Column(name = "event_id", nullable = false)
    public String eventId;
}
