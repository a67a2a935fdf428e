package dev.kubeatlas.workload.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** The last version of a watched object the change stream published. */
@Entity
@Table(name = "observed_object")
@IdClass(ObservedObject.Key.class)
public class ObservedObject extends PanacheEntityBase {

    @Id
    public String cluster;

    @Id
    public String uid;

    @Column(nullable = false)
    public String resource;

    public String namespace;

    @Column(nullable = false)
    public String name;

    @Column(name = "resource_version", nullable = false)
    public String resourceVersion;

    @Column(name = "content_hash", nullable = false)
    public String contentHash;

    public static class Key implements Serializable {
        public String cluster;
        public String uid;

        public Key() {
        }

        public Key(String cluster, String uid) {
            this.cluster = cluster;
            this.uid = uid;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(cluster, k.cluster) && Objects.equals(uid, k.uid);
        }

        @Override
        public int hashCode() {
            return Objects.hash(cluster, uid);
        }
    }
}
