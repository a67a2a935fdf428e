package dev.kubeatlas.metrics.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One rule matching one target of one cluster: pending, firing, then resolved. */
@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    @Id
    public String id;

    @Column(name = "rule_id", nullable = false)
    public String ruleId;

    @Column(nullable = false)
    public String cluster;

    @Column(nullable = false)
    public String target;

    @Column(nullable = false)
    public String state;

    @Column(nullable = false)
    public double value;

    @Column(nullable = false)
    public Instant since;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;
}
