package dev.kubeatlas.cluster.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A change of a cluster's status; the first one is its registration. */
@Entity
@Table(name = "cluster_status_change")
public class StatusChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "cluster_name", nullable = false)
    public String clusterName;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Column(name = "previous_status")
    public String previousStatus;

    @Column(nullable = false)
    public String status;

    public String reason;
}
