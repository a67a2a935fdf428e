package dev.kubeatlas.history.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Every {@code kubeatlas.*} setting of yaml-history-service, with its default: those this service reads
 * ({@link #workloadService()}, {@link #backup()}) and those it sets for service-support ({@link #schema()},
 * {@link #consumes()}, {@link #db()}), so that a misspelt {@code kubeatlas.*} property fails the start.
 */
@ConfigMapping(prefix = "kubeatlas")
public interface HistoryConfig {

    WorkloadService workloadService();

    Backup backup();

    /** {@code kubeatlas.schema}: the service's database schema, {@code yaml_history_service}. */
    @WithDefault("yaml_history_service")
    String schema();

    Consumes consumes();

    Db db();

    /** What service-support consumes for this service. */
    interface Consumes {
        /** {@code kubeatlas.consumes.cluster-lifecycle}: keep a view of the registered clusters; true here. */
        @WithDefault("false")
        boolean clusterLifecycle();
    }

    /** The PostgreSQL server, as service-support composes it from {@code KUBEATLAS_DB_HOST/PORT/NAME}. */
    interface Db {
        /** {@code kubeatlas.db.url}: {@code //host:port/database}. */
        Optional<String> url();
    }

    /** workload-service, through which live objects are read and changed as the caller. */
    interface WorkloadService {
        /** {@code kubeatlas.workload-service.url} ({@code KUBEATLAS_WORKLOAD_SERVICE_URL}), default http://127.0.0.1:8082. */
        @WithDefault("http://127.0.0.1:8082")
        URI url();
    }

    /** How backup archives are sealed (AES-256-GCM). */
    interface Backup {
        /** {@code kubeatlas.backup.key-dir}: a directory of {@code <id>.key} files; none by default. */
        Optional<Path> keyDir();

        /** {@code kubeatlas.backup.key-id}: the key new archives are sealed with, default {@code b1}. */
        @WithDefault("b1")
        String keyId();

        /** {@code kubeatlas.backup.key}: one key (base64 of 32 bytes), taken as {@code key-id}; none by default. */
        Optional<String> key();
    }
}
