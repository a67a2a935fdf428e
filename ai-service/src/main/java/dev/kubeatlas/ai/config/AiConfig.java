package dev.kubeatlas.ai.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.util.Optional;

/**
 * Every {@code kubeatlas.*} setting of ai-service, with its default: those this service reads
 * ({@link #workloadService()}) and those it sets for service-support ({@link #schema()}, {@link #consumes()},
 * {@link #db()}), so that a misspelt {@code kubeatlas.*} property fails the start.
 */
@ConfigMapping(prefix = "kubeatlas")
public interface AiConfig {

    WorkloadService workloadService();

    /** {@code kubeatlas.schema}: the service's database schema, {@code ai_service}. */
    @WithDefault("ai_service")
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

    /** workload-service, through which a diagnosis reads the cluster's objects as the caller. */
    interface WorkloadService {
        /** {@code kubeatlas.workload-service.url} ({@code KUBEATLAS_WORKLOAD_SERVICE_URL}), default http://127.0.0.1:8082. */
        @WithDefault("http://127.0.0.1:8082")
        URI url();
    }
}
