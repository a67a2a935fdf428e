package dev.kubeatlas.workload.kube;

import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.Locale;

/** The patch formats the API server takes, by the content type a request names. */
public enum PatchKind {
    /** {@code application/merge-patch+json} (also plain JSON or YAML). */
    MERGE(PatchType.JSON_MERGE),
    /** {@code application/json-patch+json}. */
    JSON(PatchType.JSON),
    /** {@code application/strategic-merge-patch+json}. */
    STRATEGIC_MERGE(PatchType.STRATEGIC_MERGE);

    private final PatchType type;

    PatchKind(PatchType type) {
        this.type = type;
    }

    PatchType fabric8() {
        return type;
    }

    public static PatchKind of(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json-patch+json")) {
            return JSON;
        }
        if (type.startsWith("application/strategic-merge-patch+json")) {
            return STRATEGIC_MERGE;
        }
        return MERGE;
    }
}
