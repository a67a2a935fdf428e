package dev.kubeatlas.history.rest.dto;

import java.util.List;

/** What to back up: a cluster, and optionally namespaces, resource types and a label selector. */
public record BackupRequest(String cluster, List<String> namespaces, List<String> kinds, String labelSelector) {
}
