package dev.kubeatlas.workload.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every {@code kubeatlas.workload.*} setting, with its default; {@code application.properties} says what each is
 * for and how it is set in an installation.
 */
@ConfigMapping(prefix = "kubeatlas.workload")
public interface WorkloadConfig {

    Stream stream();

    Cache cache();

    ValueDigest valueDigest();

    FanOut fanOut();

    Watch watch();

    /** The change stream published on {@code kubeatlas.resource.changes}. */
    interface Stream {
        /** {@code kubeatlas.workload.stream.kinds}: the kinds whose changes are published (plural.group). */
        List<String> kinds();

        /** {@code kubeatlas.workload.stream.custom-kinds}: custom kinds published when a cluster serves them. */
        Optional<List<String>> customKinds();

        /** {@code kubeatlas.workload.stream.work-timeout}: how long the stream waits for one change's recording. */
        @WithDefault("30s")
        Duration workTimeout();

        /** {@code kubeatlas.workload.stream.statement-timeout}: a recording's SQL bound; half the work timeout when absent. */
        Optional<Duration> statementTimeout();

        Watchdog watchdog();

        /** The watchdog that compares each published kind with a LIST and heals what differs. */
        interface Watchdog {
            /** {@code kubeatlas.workload.stream.watchdog.interval}: how often it checks every cluster. */
            @WithDefault("60s")
            Duration interval();

            /** {@code kubeatlas.workload.stream.watchdog.grace}: how long a difference may last before a relist. */
            @WithDefault("5s")
            Duration grace();
        }
    }

    /** Kinds held in informer caches only (lists, search, relations, placement), not published. */
    interface Cache {
        /** {@code kubeatlas.workload.cache.kinds} (plural.group). */
        List<String> kinds();
    }

    /** The installation's key for HMAC digests of Secret values; the service does not start without one. */
    interface ValueDigest {
        /** {@code kubeatlas.workload.value-digest.key} ({@code KUBEATLAS_VALUE_DIGEST_KEY}): base64 of 32 bytes or more. */
        Optional<String> key();

        /** {@code kubeatlas.workload.value-digest.key-file} ({@code KUBEATLAS_VALUE_DIGEST_KEY_FILE}): a file holding it. */
        Optional<String> keyFile();
    }

    /** Requests that reach several clusters. */
    interface FanOut {
        /** {@code kubeatlas.workload.fan-out.max-clusters}: at most this many clusters per request. */
        @WithDefault("50")
        int maxClusters();
    }

    /** Informers and watches of registered clusters. */
    interface Watch {
        /** {@code kubeatlas.workload.watch.enabled}: false only in tests that drive the stream by hand. */
        @WithDefault("true")
        boolean enabled();
    }
}
