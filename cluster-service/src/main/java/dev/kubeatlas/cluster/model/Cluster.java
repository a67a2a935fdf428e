package dev.kubeatlas.cluster.model;

import dev.kubeatlas.support.crypto.KeyedCipher;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Map;

/**
 * A registered cluster. The kubeconfig is held only encrypted, with the id of the key that sealed it. Rows are
 * versioned: a change and a health check written at the same time do not overwrite each other, the later write fails
 * with a version conflict instead (the health recorder reads again and retries; a client's change is a 409).
 */
@Entity
@Table(name = "cluster")
public class Cluster extends PanacheEntityBase {

    @Id
    public String name;

    /** Optimistic lock: increases with every write of the row. */
    @Version
    @Column(nullable = false)
    public long version;

    @Column(name = "display_name")
    public String displayName;

    public String description;
    public String provider;
    public String region;

    @Convert(converter = StringMapConverter.class)
    @Column(columnDefinition = "text")
    public Map<String, String> tags;

    public String server;

    @Column(name = "context_name")
    public String context;

    @Column(name = "auth_kind")
    public String authKind;

    public boolean sandbox;

    @Column(name = "kubernetes_version")
    public String kubernetesVersion;

    public String status;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "nodes_ready")
    public Integer nodesReady;

    @Column(name = "nodes_total")
    public Integer nodesTotal;

    @Column(name = "namespace_count")
    public Integer namespaceCount;

    @Column(name = "latency_millis")
    public Long latencyMillis;

    @Column(name = "last_check_at")
    public Instant lastCheckAt;

    /** Seconds between health checks; null for the configured default. */
    @Column(name = "check_interval_seconds")
    public Integer checkIntervalSeconds;

    /** What the credentials may do, from the last full connection test; see PermissionReview. */
    @Convert(converter = StringMapConverter.class)
    @Column(columnDefinition = "text")
    public Map<String, String> permissions;

    @Column(name = "status_since")
    public Instant statusSince;

    /** Increases each time the kubeconfig is replaced or re-encrypted with a new key. */
    @Column(name = "credentials_revision", nullable = false)
    public int credentialsRevision = 1;

    @Column(name = "kubeconfig_key_id", nullable = false)
    public String kubeconfigKeyId;

    @Column(name = "kubeconfig_nonce", nullable = false)
    public byte[] kubeconfigNonce;

    @Column(name = "kubeconfig_cipher", nullable = false)
    public byte[] kubeconfigCipher;

    /** The stored kubeconfig, sealed. */
    public KeyedCipher.Sealed kubeconfig() {
        return new KeyedCipher.Sealed(kubeconfigKeyId, kubeconfigNonce, kubeconfigCipher);
    }

    /** Stores a (re)sealed kubeconfig. */
    public void kubeconfig(KeyedCipher.Sealed sealed) {
        kubeconfigKeyId = sealed.keyId();
        kubeconfigNonce = sealed.nonce();
        kubeconfigCipher = sealed.ciphertext();
    }

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
