package dev.kubeatlas.history.rest.dto;

import dev.kubeatlas.history.service.diff.FieldDiff;

import java.util.List;

/** What a rollback changed (or would change); {@code recreated} when the object had been deleted. */
public record RollbackView(int version, boolean dryRun, boolean recreated, List<FieldDiff.Change> changes,
                           String resourceVersion) {
}
