package dev.kubeatlas.metrics.rest.dto;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** A cluster's own collection interval: 5 s to 1 h. */
public record CollectionRequest(@Min(5) @Max(3600) int intervalSeconds) {
}
