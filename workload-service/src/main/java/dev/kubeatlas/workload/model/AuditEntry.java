package dev.kubeatlas.workload.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A mutation attempted through KubeAtlas. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false)
    public String actor;

    /** Comma-separated platform roles. */
    @Column(nullable = false)
    public String roles;

    @Column(nullable = false)
    public String cluster;

    @Column(nullable = false)
    public String action;

    /** {@code plural.group} of the target. */
    @Column(nullable = false)
    public String resource;

    public String namespace;
    public String name;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    @Column(nullable = false)
    public String outcome;

    @Column(nullable = false)
    public int status;

    public String detail;
}
