package dev.kubeatlas.cluster.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One health check of a cluster. */
@Entity
@Table(name = "cluster_health_check")
public class HealthCheck extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "cluster_name", nullable = false)
    public String clusterName;

    @Column(name = "checked_at", nullable = false)
    public Instant checkedAt;

    @Column(nullable = false)
    public String status;

    public String reason;

    @Column(name = "latency_millis")
    public Long latencyMillis;

    @Column(name = "kubernetes_version")
    public String kubernetesVersion;

    @Column(name = "nodes_ready")
    public Integer nodesReady;

    @Column(name = "nodes_total")
    public Integer nodesTotal;

    /** Comma-separated names of the nodes that were not Ready. */
    @Column(name = "not_ready_nodes")
    public String notReadyNodes;
}
