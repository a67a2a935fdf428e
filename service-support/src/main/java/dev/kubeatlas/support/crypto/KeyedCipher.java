package dev.kubeatlas.support.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for data at rest (kubeconfigs, backup archives). Each record carries the id of its key, so keys can be
 * rotated; the record's owner (a cluster name, a backup id) is bound as associated data, so a ciphertext copied onto
 * another record does not decrypt.
 */
public final class KeyedCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    static final String KEY_FILE_SUFFIX = ".key";

    public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    }

    private final String activeKeyId;
    private final Map<String, SecretKey> keys = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** @param base64Keys each key is base64 of 32 random bytes, by its id */
    public KeyedCipher(String activeKeyId, Map<String, String> base64Keys) {
        base64Keys.forEach((id, encoded) -> {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(encoded.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Encryption key '" + id + "' is not valid base64");
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException("Encryption key '" + id + "' must be 32 bytes (AES-256), is " + raw.length);
            }
            keys.put(id, new SecretKeySpec(raw, "AES"));
        });
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("No encryption key with the active id '" + activeKeyId
                    + "' (base64 of 32 random bytes)");
        }
        this.activeKeyId = activeKeyId;
    }

    /** The keys in {@code dir}: one {@code <id>.key} file each, holding base64 of 32 bytes. */
    public static Map<String, String> keyFiles(Path dir) {
        Map<String, String> keys = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(KEY_FILE_SUFFIX)).toList()) {
                String name = file.getFileName().toString();
                keys.put(name.substring(0, name.length() - KEY_FILE_SUFFIX.length()), Files.readString(file).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the encryption keys in " + dir, e);
        }
        return keys;
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public Set<String> keyIds() {
        return Set.copyOf(keys.keySet());
    }

    public Sealed seal(String owner, String text) {
        return seal(owner, text.getBytes(StandardCharsets.UTF_8));
    }

    public String open(String owner, Sealed sealed) {
        return new String(openBytes(owner, sealed), StandardCharsets.UTF_8);
    }

    public Sealed seal(String owner, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            return new Sealed(activeKeyId, nonce, cipher.doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    /** @throws IllegalStateException when the key is not configured or the data was not sealed for {@code owner} */
    public byte[] openBytes(String owner, Sealed sealed) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("The data of " + owner + " is encrypted with key '" + sealed.keyId()
                    + "', which is not configured");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed.ciphertext());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The data of " + owner + " does not decrypt", e);
        }
    }
}
