package dev.kubeatlas.cluster.crypto;

import dev.kubeatlas.cluster.config.ClusterConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

public class CipherProducer {

    @Produces
    @Singleton
    KubeconfigCipher cipher(ClusterConfig config) {
        return new KubeconfigCipher(config.encryption().activeKeyId(), config.encryption().keys());
    }
}
