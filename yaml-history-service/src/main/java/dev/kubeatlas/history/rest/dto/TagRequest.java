package dev.kubeatlas.history.rest.dto;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A name for one version. */
public record TagRequest(
        @NotNull @Pattern(regexp = "[a-z0-9]([-a-z0-9._]{0,61}[a-z0-9])?",
                message = "lower-case letters, digits, '-', '.', '_'; at most 63") String tag,
        @Min(1) int version) {
}
