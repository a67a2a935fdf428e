package dev.kubeatlas.history.config;

import dev.kubeatlas.support.crypto.KeyedCipher;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Map;

/**
 * The keys backup archives are sealed with: {@code <id>.key} files in {@code kubeatlas.backup.key-dir} and/or one key
 * in {@code kubeatlas.backup.key}; new archives use {@code kubeatlas.backup.key-id}, older ones keep the key they
 * name.
 */
public class BackupCipherProducer {

    @Produces
    @Singleton
    KeyedCipher cipher(HistoryConfig config) {
        HistoryConfig.Backup backup = config.backup();
        Map<String, String> keys = new HashMap<>();
        backup.keyDir().ifPresent(dir -> keys.putAll(KeyedCipher.keyFiles(dir)));
        backup.key().filter(k -> !k.isBlank()).ifPresent(k -> keys.put(backup.keyId(), k));
        return new KeyedCipher(backup.keyId(), keys);
    }
}
