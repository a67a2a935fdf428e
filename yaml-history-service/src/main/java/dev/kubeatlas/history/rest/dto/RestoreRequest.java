package dev.kubeatlas.history.rest.dto;

import java.util.Map;

/**
 * Where and how to restore: {@code targetCluster} (default: the backup's own), {@code namespaceMapping},
 * {@code mode} {@code skip-existing} (default) or {@code overwrite}, {@code dryRun}.
 */
public record RestoreRequest(String targetCluster, Map<String, String> namespaceMapping, String mode, boolean dryRun) {
}
