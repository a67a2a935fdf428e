package dev.kubeatlas.metrics.rest.dto;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A Prometheus set by hand: a Service's namespace, name and port (number or name), {@code http} by default. */
public record PrometheusRequest(
        @NotNull @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?") String namespace,
        @NotNull @Pattern(regexp = "[a-z]([-a-z0-9]{0,61}[a-z0-9])?") String service,
        @NotNull @Pattern(regexp = "[0-9]{1,5}|[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?") String port,
        @Pattern(regexp = "https?") String scheme) {
}
