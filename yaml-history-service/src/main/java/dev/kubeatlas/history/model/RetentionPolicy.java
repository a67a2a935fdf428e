package dev.kubeatlas.history.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** How long a cluster's versions are kept. Null limits keep everything. */
@Entity
@Table(name = "retention_policy")
public class RetentionPolicy extends PanacheEntityBase {

    @Id
    public String cluster;

    @Column(name = "keep_versions")
    public Integer keepVersions;

    @Column(name = "keep_days")
    public Integer keepDays;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
