package dev.kubeatlas.history.config;

import dev.kubeatlas.support.crypto.KeyedCipher;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys backup archives are sealed with: {@code <id>.key} files in {@code kubeatlas.backup.key-dir} and/or one key
 * in {@code kubeatlas.backup.key}; new archives use {@code kubeatlas.backup.key-id}, older ones keep the key they
 * name.
 */
public class BackupCipherProducer {

    @Produces
    @Singleton
    KeyedCipher cipher(@ConfigProperty(name = "kubeatlas.backup.key-id", defaultValue = "b1") String activeKeyId,
                       @ConfigProperty(name = "kubeatlas.backup.key-dir") Optional<Path> keyDir,
                       @ConfigProperty(name = "kubeatlas.backup.key") Optional<String> key) {
        Map<String, String> keys = new HashMap<>();
        keyDir.ifPresent(dir -> keys.putAll(KeyedCipher.keyFiles(dir)));
        key.filter(k -> !k.isBlank()).ifPresent(k -> keys.put(activeKeyId, k));
        return new KeyedCipher(activeKeyId, keys);
    }
}
