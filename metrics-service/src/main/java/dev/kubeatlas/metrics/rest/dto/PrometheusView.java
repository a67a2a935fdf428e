package dev.kubeatlas.metrics.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kubeatlas.metrics.model.PrometheusTarget;

import java.time.Instant;

/**
 * A cluster's Prometheus: {@code status} {@code detecting}, {@code found}, {@code not-found}, {@code unreachable} or
 * {@code not-detected} (then nothing else is said), how it was found ({@code source}) and where it is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrometheusView(String cluster, String status, String source, String namespace, String service,
                             String port, String scheme, String version, String detail, Instant checkedAt,
                             String updatedBy) {

    public static final String NOT_DETECTED = "not-detected";

    public static PrometheusView of(String cluster, PrometheusTarget e) {
        if (e == null) {
            return detection(cluster, NOT_DETECTED);
        }
        return new PrometheusView(cluster, e.status, e.source, e.namespace, e.service, e.port, e.scheme, e.version,
                e.detail, e.checkedAt, e.updatedBy);
    }

    /** Only the cluster and a status, e.g. {@code detecting} while a detection runs. */
    public static PrometheusView detection(String cluster, String status) {
        return new PrometheusView(cluster, status, null, null, null, null, null, null, null, null, null);
    }
}
