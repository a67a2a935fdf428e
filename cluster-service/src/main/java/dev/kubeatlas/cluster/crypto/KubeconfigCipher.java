package dev.kubeatlas.cluster.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for kubeconfigs at rest. Each record carries the id of its key, so keys can be rotated; the cluster name
 * is bound as associated data, so a ciphertext copied onto another cluster's row does not decrypt.
 */
public final class KubeconfigCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    }

    private final String activeKeyId;
    private final Map<String, SecretKey> keys = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    public KubeconfigCipher(String activeKeyId, Map<String, String> base64Keys) {
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
                    + "': set KUBEATLAS_ENCRYPTION_KEY (base64 of 32 random bytes)");
        }
        this.activeKeyId = activeKeyId;
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public Set<String> keyIds() {
        return Set.copyOf(keys.keySet());
    }

    public Sealed seal(String clusterName, String kubeconfig) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(clusterName.getBytes(StandardCharsets.UTF_8));
            return new Sealed(activeKeyId, nonce, cipher.doFinal(kubeconfig.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public String open(String clusterName, Sealed sealed) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("Kubeconfig of cluster " + clusterName + " is encrypted with key '"
                    + sealed.keyId() + "', which is not configured");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(clusterName.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Kubeconfig of cluster " + clusterName + " does not decrypt", e);
        }
    }
}
