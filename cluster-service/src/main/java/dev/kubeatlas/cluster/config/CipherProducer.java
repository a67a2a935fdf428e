package dev.kubeatlas.cluster.config;

import dev.kubeatlas.cluster.config.ClusterConfig;
import dev.kubeatlas.support.crypto.KeyedCipher;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Map;

public class CipherProducer {

    @Produces
    @Singleton
    KeyedCipher cipher(ClusterConfig config) {
        ClusterConfig.Encryption encryption = config.encryption();
        Map<String, String> keys = new HashMap<>(encryption.keys());
        encryption.keyDir().ifPresent(dir -> keys.putAll(KeyedCipher.keyFiles(dir)));
        encryption.key().filter(k -> !k.isBlank()).ifPresent(k -> keys.put(encryption.activeKeyId(), k));
        return new KeyedCipher(encryption.activeKeyId(), keys);
    }
}
