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

/** A name for one version of a resource, e.g. {@code release-2026-11}. */
@Entity
@Table(name = "version_tag")
@IdClass(VersionTag.Key.class)
public class VersionTag extends PanacheEntityBase {

    @Id
    @Column(name = "tracked_id")
    public Long trackedId;

    @Id
    public String tag;

    @Column(nullable = false)
    public int number;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static class Key implements Serializable {
        public Long trackedId;
        public String tag;

        public Key() {
        }

        public Key(Long trackedId, String tag) {
            this.trackedId = trackedId;
            this.tag = tag;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(trackedId, k.trackedId) && Objects.equals(tag, k.tag);
        }

        @Override
        public int hashCode() {
            return Objects.hash(trackedId, tag);
        }
    }
}
