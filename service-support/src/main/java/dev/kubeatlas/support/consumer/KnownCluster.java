package dev.kubeatlas.support.consumer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A service's own view of a registered cluster, built from {@code kubeatlas.cluster.lifecycle}. Never a credential. */
@Entity
@Table(name = "known_cluster")
public class KnownCluster extends PanacheEntityBase {

    @Id
    public String name;

    @Column(name = "display_name")
    public String displayName;

    public String provider;

    public String status;

    @Column(name = "kubernetes_version")
    public String kubernetesVersion;

    public boolean sandbox;

    @Column(name = "registered_at")
    public Instant registeredAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "last_event_id")
    public String lastEventId;
}
