package dev.kubeatlas.history.rest.dto;

import dev.kubeatlas.history.service.diff.FieldDiff;

import java.util.List;

/** Field-level changes from a version to the live object; {@code live} false when the cluster has none. */
public record LiveDiffView(int version, boolean live, String liveResourceVersion, List<FieldDiff.Change> changes) {
}
