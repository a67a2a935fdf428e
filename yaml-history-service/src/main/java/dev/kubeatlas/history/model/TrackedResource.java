package dev.kubeatlas.history.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A resource whose history is kept: cluster, type ({@code plural.group}), namespace ({@code _} when cluster-scoped), name. */
@Entity
@Table(name = "tracked_resource")
public class TrackedResource extends PanacheEntityBase {

    public static final String CLUSTER_SCOPED = "_";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String cluster;

    @Column(nullable = false)
    public String resource;

    @Column(nullable = false)
    public String namespace;

    @Column(nullable = false)
    public String name;

    public String kind;

    @Column(name = "api_version")
    public String apiVersion;

    public String uid;

    @Column(name = "latest_version", nullable = false)
    public int latestVersion;

    @Column(nullable = false)
    public boolean deleted;

    @Column(name = "last_change_at")
    public Instant lastChangeAt;
}
