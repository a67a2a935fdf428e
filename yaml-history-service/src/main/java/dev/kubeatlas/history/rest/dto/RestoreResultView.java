package dev.kubeatlas.history.rest.dto;

import dev.kubeatlas.history.service.diff.FieldDiff;

import java.util.List;

/**
 * What a restore did to one object: {@code created}, {@code updated}, {@code unchanged}, {@code conflict} or
 * {@code failed} ({@code would-create}, {@code would-update} in a dry run); Secret values in changes redacted.
 */
public record RestoreResultView(String resource, String kind, String namespace, String name, String outcome,
                                List<FieldDiff.Change> changes, String detail) {
}
