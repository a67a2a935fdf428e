package dev.kubeatlas.metrics.rest.dto;

import dev.kubeatlas.metrics.service.alerts.AlertService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A rule as an admin writes it; {@code id} is taken from the path on PUT. */
public record AlertRuleRequest(
        @NotBlank @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?") String id,
        @NotBlank String name,
        @NotNull @Pattern(regexp = "node|pod|quota|cluster") String targetKind,
        @NotBlank String metric,
        @NotNull @Pattern(regexp = ">|>=|<|<=") String comparison,
        double threshold,
        @Min(0) @Max(86400) int durationSeconds,
        @NotNull @Pattern(regexp = "info|warning|critical") String severity,
        String cluster,
        @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?") String namespace,
        @Pattern(regexp = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?") String node,
        @Size(max = 1024) String podSelector,
        Boolean enabled) {

    public AlertService.RuleSpec spec() {
        return new AlertService.RuleSpec(name, targetKind, metric, comparison, threshold, durationSeconds, severity,
                cluster, namespace, node, podSelector, enabled);
    }
}
