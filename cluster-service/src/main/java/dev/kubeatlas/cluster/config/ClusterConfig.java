package dev.kubeatlas.cluster.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "kubeatlas.clusters")
public interface ClusterConfig {

    /** Encryption of kubeconfigs at rest. */
    Encryption encryption();

    /** Largest kubeconfig accepted, in bytes. */
    @WithDefault("1048576")
    int maxKubeconfigBytes();

    /** Connect and request timeout of connection tests. */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * Exec credential plugins a kubeconfig may run (command base names, e.g. {@code aws}, {@code kubelogin}).
     * Empty by default: a kubeconfig is code that runs on this server.
     */
    Optional<List<String>> execAllowlist();

    interface Encryption {
        /** Id of the key new records are encrypted with. */
        @WithDefault("k1")
        String activeKeyId();

        /**
         * Base64-encoded 256-bit keys by id. Older keys stay listed until every record is re-encrypted with the
         * active one. Set {@code KUBEATLAS_ENCRYPTION_KEY} for the default key {@code k1}.
         */
        Map<String, String> keys();
    }
}
