package dev.kubeatlas.metrics.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Where a cluster's Prometheus answers (a Service, reached through the API server's service proxy), and how it was
 * found. One row per cluster.
 */
@Entity
@Table(name = "prometheus_endpoint")
public class PrometheusTarget extends PanacheEntityBase {

    public static final String DISCOVERED = "discovered";
    public static final String MANUAL = "manual";

    public static final String DETECTING = "detecting";
    public static final String FOUND = "found";
    public static final String NOT_FOUND = "not-found";
    public static final String UNREACHABLE = "unreachable";

    @Id
    public String cluster;

    /** {@link #DISCOVERED} or {@link #MANUAL}. */
    @Column(nullable = false)
    public String source;

    @Column(nullable = false)
    public String status;

    public String namespace;
    public String service;
    /** A port number or name. */
    public String port;
    /** {@code http} or {@code https}. */
    public String scheme;
    public String version;
    public String detail;

    @Column(name = "checked_at", nullable = false)
    public Instant checkedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
