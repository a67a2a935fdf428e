package dev.kubeatlas.history.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A rollback applied whose resulting version has not arrived from the change stream yet. */
@Entity
@Table(name = "pending_rollback")
@IdClass(PendingRollback.Key.class)
public class PendingRollback extends PanacheEntityBase {

    @Id
    @Column(name = "tracked_id")
    public Long trackedId;

    @Id
    @Column(name = "resource_version")
    public String resourceVersion;

    @Column(name = "target_version", nullable = false)
    public int targetVersion;

    @Column(nullable = false)
    public String actor;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static class Key implements Serializable {
        public Long trackedId;
        public String resourceVersion;

        public Key() {
        }

        public Key(Long trackedId, String resourceVersion) {
            this.trackedId = trackedId;
            this.resourceVersion = resourceVersion;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(trackedId, k.trackedId) && Objects.equals(resourceVersion, k.resourceVersion);
        }

        @Override
        public int hashCode() {
            return Objects.hash(trackedId, resourceVersion);
        }
    }
}
