package dev.kubeatlas.history.rest.dto;

import jakarta.validation.constraints.Min;

/** Which version to put back; {@code resourceVersion} is what the caller saw of the live object. */
public record RollbackRequest(@Min(1) int version, boolean dryRun, boolean force, String resourceVersion) {
}
