package dev.kubeatlas.metrics.rest.dto;

import dev.kubeatlas.metrics.model.Alert;

import java.time.Instant;

/** One rule matching one target of one cluster: {@code pending}, {@code firing} or {@code resolved}. */
public record AlertView(String id, String ruleId, String cluster, String target, String state, double value,
                        Instant since, Instant updatedAt, Instant resolvedAt) {

    public static AlertView of(Alert a) {
        return new AlertView(a.id, a.ruleId, a.cluster, a.target, a.state, a.value, a.since, a.updatedAt, a.resolvedAt);
    }
}
