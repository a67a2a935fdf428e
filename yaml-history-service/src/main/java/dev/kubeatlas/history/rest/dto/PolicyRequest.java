package dev.kubeatlas.history.rest.dto;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.List;

/** A backup policy: a scope, a five-field Unix cron expression, how many completed backups to keep. */
public record PolicyRequest(
        @NotNull @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", message = "a DNS-1123 label") String name,
        String cluster, List<String> namespaces, List<String> kinds, String labelSelector,
        @NotNull String cron, @Min(1) @Max(1000) int retain, Boolean enabled) {
}
