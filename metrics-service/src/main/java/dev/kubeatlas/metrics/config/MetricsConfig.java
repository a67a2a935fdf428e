package dev.kubeatlas.metrics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Every {@code kubeatlas.metrics.*} setting of metrics-service, with its default. The scheduler reads
 * {@code collect.tick} and {@code rollup.every} from the same properties ({@code application.properties}).
 */
@ConfigMapping(prefix = "kubeatlas.metrics")
public interface MetricsConfig {

    Collect collect();

    Retention retention();

    Rollup rollup();

    /** {@code restarts.increase}: how much a pod's restart count grew over this window. */
    @WithDefault("10m")
    Duration restartsWindow();

    Prometheus prometheus();

    /** Periodic collection of every registered cluster. */
    interface Collect {

        /** Whether clusters are collected at all. */
        @WithDefault("true")
        boolean enabled();

        /** The default interval (a cluster may have its own, PUT .../collection); {@code KUBEATLAS_METRICS_INTERVAL}. */
        @WithDefault("30s")
        Duration interval();

        /** How often the scheduler looks for clusters due. */
        @WithDefault("5s")
        Duration tick();
    }

    /** How long each resolution of samples is kept. */
    interface Retention {

        /** Raw samples; {@code KUBEATLAS_METRICS_RETENTION_RAW}. */
        @WithDefault("24h")
        Duration raw();

        /** 5-minute rollups; {@code KUBEATLAS_METRICS_RETENTION_5M}. */
        @WithDefault("30d")
        Duration fiveMinutes();

        /** 1-hour rollups; {@code KUBEATLAS_METRICS_RETENTION_1H}. */
        @WithDefault("365d")
        Duration oneHour();
    }

    interface Rollup {

        /** How often the last quarter hour's complete buckets are rolled up. */
        @WithDefault("1m")
        Duration every();
    }

    interface Prometheus {

        /** At most this long to find a cluster's Prometheus. */
        @WithDefault("30s")
        Duration detectTimeout();
    }
}
