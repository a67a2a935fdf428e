package dev.kubeatlas.history.rest.dto;

import dev.kubeatlas.history.service.diff.FieldDiff;

import java.util.List;

/** Field-level changes from version {@code from} to version {@code to}. */
public record DiffView(int from, int to, List<FieldDiff.Change> changes) {
}
