package dev.kubeatlas.metrics.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** How often one cluster is collected, when not on the default interval. */
@Entity
@Table(name = "collection_setting")
public class CollectionSetting extends PanacheEntityBase {

    @Id
    public String cluster;

    @Column(name = "interval_seconds", nullable = false)
    public int intervalSeconds;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
