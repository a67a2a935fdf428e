package dev.kubeatlas.history.model;

import dev.kubeatlas.support.crypto.KeyedCipher;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** A backup's tar.gz, sealed with AES-256-GCM; the backup's id is the associated data. */
@Entity
@Table(name = "backup_archive")
public class SealedArchive extends PanacheEntityBase {

    @Id
    @Column(name = "backup_id")
    public UUID backupId;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    @Column(nullable = false)
    public byte[] nonce;

    @Column(nullable = false)
    public byte[] ciphertext;

    public static SealedArchive of(UUID backupId, KeyedCipher.Sealed sealed) {
        SealedArchive archive = new SealedArchive();
        archive.backupId = backupId;
        archive.keyId = sealed.keyId();
        archive.nonce = sealed.nonce();
        archive.ciphertext = sealed.ciphertext();
        return archive;
    }

    public KeyedCipher.Sealed sealed() {
        return new KeyedCipher.Sealed(keyId, nonce, ciphertext);
    }
}
