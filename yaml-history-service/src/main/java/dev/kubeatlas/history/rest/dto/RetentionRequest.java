package dev.kubeatlas.history.rest.dto;

import jakarta.validation.constraints.Min;

/** How long a cluster's versions are kept; a limit left out does not hold anything back. */
public record RetentionRequest(@Min(1) Integer keepVersions, @Min(1) Integer keepDays) {
}
