package dev.kubeatlas.cluster.service;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encryption at rest of the stored kubeconfigs.
 *
 * @param keysInUse     number of stored kubeconfigs sealed with each key id
 * @param reencrypted   kubeconfigs re-encrypted by a rotation; null for a status
 * @param undecryptable clusters whose kubeconfig no configured key opens (rotation only)
 */
public record EncryptionStatus(String activeKeyId, Set<String> configuredKeys, Map<String, Long> keysInUse,
                               Integer reencrypted, List<String> undecryptable) {
}
