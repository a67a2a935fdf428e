package dev.kubeatlas.cluster.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one configuration mapping of cluster-service: every setting of the service under {@code kubeatlas.clusters},
 * each with its default here (application.properties only maps the launcher's {@code KUBEATLAS_*} variables onto
 * these names and sets the {@code %dev}/{@code %test} values). The health monitor's {@code tick} is also read by its
 * {@code @Scheduled} expression, so application.properties repeats its default.
 */
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

    /**
     * Whether a kubeconfig's server may be a loopback address ({@code 127.0.0.1}, {@code localhost}, {@code [::1]}).
     * Off by default: a kubeconfig must not point this service at itself or its neighbours on the host. On only for
     * local sandboxes and tests ({@code KUBEATLAS_CLUSTERS_ALLOW_LOOPBACK=true}). Link-local, unspecified, multicast
     * and this host's own non-loopback addresses are refused either way.
     */
    @WithDefault("false")
    boolean allowLoopback();

    /**
     * Ports of the platform's own services on this host, refused as a cluster's server even where loopback is
     * allowed: the gateway and services, Keycloak (whose admin API would take the token), Kafka, PostgreSQL.
     */
    @WithDefault("8080,8081,8082,8083,8084,8085,8180,9092,9093,19092,19093,5432")
    List<Integer> platformPorts();

    Health health();

    /** Registration of the cluster KubeAtlas itself runs in. */
    Local local();

    interface Encryption {
        /** Id of the key new records are encrypted with. */
        @WithDefault("k1")
        String activeKeyId();

        /** Base64 of the 256-bit key with the active id ({@code KUBEATLAS_ENCRYPTION_KEY}). */
        Optional<String> key();

        /**
         * Further base64-encoded 256-bit keys by id. Older keys stay configured until every record is re-encrypted
         * with the active one.
         */
        Map<String, String> keys();

        /** A directory of key files named {@code <id>.key}, each holding one base64 key; read at start. */
        Optional<Path> keyDir();
    }

    interface Health {
        /** Whether registered clusters are checked periodically. */
        @WithDefault("true")
        boolean enabled();

        /** Time between checks of a cluster that has no interval of its own. */
        @WithDefault("30s")
        Duration defaultInterval();

        /** How often the monitor looks for clusters that are due a check. */
        @WithDefault("2s")
        Duration tick();

        /** Clusters checked at the same time; a slow or unreachable one holds one slot for at most its timeout. */
        @WithDefault("8")
        int parallelism();

        /** How long individual checks are kept; status changes are kept while the cluster is registered. */
        @WithDefault("24h")
        Duration retention();
    }

    interface Local {
        /** Register the cluster KubeAtlas runs in, from its service account. Off unless asked for. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("local")
        String name();

        @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount")
        Path serviceAccountDir();

        /** The API server URL; by default from {@code KUBERNETES_SERVICE_HOST} and {@code KUBERNETES_SERVICE_PORT}. */
        Optional<String> server();

        /** How often the service-account token is re-read; projected tokens are rotated by the kubelet. */
        @WithDefault("5m")
        Duration refresh();
    }
}
