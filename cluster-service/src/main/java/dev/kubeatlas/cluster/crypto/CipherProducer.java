package dev.kubeatlas.cluster.crypto;

import dev.kubeatlas.cluster.config.ClusterConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

public class CipherProducer {

    static final String KEY_FILE_SUFFIX = ".key";

    @Produces
    @Singleton
    KubeconfigCipher cipher(ClusterConfig config) {
        ClusterConfig.Encryption encryption = config.encryption();
        Map<String, String> keys = new HashMap<>(encryption.keys());
        encryption.keyDir().ifPresent(dir -> keys.putAll(keyFiles(dir)));
        encryption.key().filter(k -> !k.isBlank()).ifPresent(k -> keys.put(encryption.activeKeyId(), k));
        return new KubeconfigCipher(encryption.activeKeyId(), keys);
    }

    /** The keys in {@code dir}, by file name without {@code .key}. */
    static Map<String, String> keyFiles(Path dir) {
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
}
