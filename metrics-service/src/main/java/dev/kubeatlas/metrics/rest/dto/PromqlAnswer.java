package dev.kubeatlas.metrics.rest.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.metrics.service.prometheus.PrometheusService;

/** A PromQL answer: Prometheus's {@code resultType} and {@code result} as it gives them, and which Prometheus. */
public record PromqlAnswer(String cluster, String prometheus, String resultType, JsonNode result) {

    public static PromqlAnswer of(PrometheusService.QueryResult r) {
        return new PromqlAnswer(r.cluster(), r.prometheus(), r.resultType(), r.result());
    }
}
