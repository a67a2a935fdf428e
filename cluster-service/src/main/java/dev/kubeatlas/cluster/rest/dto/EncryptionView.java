package dev.kubeatlas.cluster.rest.dto;

import dev.kubeatlas.cluster.service.EncryptionStatus;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encryption at rest of the stored kubeconfigs.
 *
 * @param keysInUse    number of stored kubeconfigs sealed with each key id
 * @param reencrypted   kubeconfigs re-encrypted by this call (rotation only)
 * @param undecryptable clusters whose kubeconfig no configured key opens (rotation only): restore their key, or
 *                      register them again
 */
public record EncryptionView(String activeKeyId, Set<String> configuredKeys, Map<String, Long> keysInUse,
                             Integer reencrypted, List<String> undecryptable) {

    public static EncryptionView of(EncryptionStatus s) {
        return new EncryptionView(s.activeKeyId(), s.configuredKeys(), s.keysInUse(), s.reencrypted(), s.undecryptable());
    }
}
