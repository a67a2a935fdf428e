package dev.kubeatlas.ai.rest.dto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeatlas.ai.model.Diagnosis;
import dev.kubeatlas.ai.service.DiagnosisService;
import dev.kubeatlas.ai.service.diagnosis.Finding;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A diagnosis as answered: the scope asked about, when and how long, and the findings, most severe first (kept as
 * the JSON they were answered with, documented as {@link Finding}s).
 */
public record DiagnosisView(String id, String cluster, ScopeView scope, Instant startedAt, long durationMs,
                            @Schema(type = SchemaType.ARRAY, implementation = Finding.class) JsonNode findings,
                            @Schema(type = SchemaType.ARRAY, implementation = DiagnosisService.UnreadType.class,
                                    description = "Resource types that could not be read (refused to the caller or to "
                                            + "the cluster's credentials): the findings were made without them")
                            JsonNode unread) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The scope; all null for the whole cluster. */
    public record ScopeView(String namespace, String resource, String name) {
    }

    public static DiagnosisView of(Diagnosis d) {
        try {
            return new DiagnosisView(d.id.toString(), d.cluster, new ScopeView(d.namespace, d.resource, d.name),
                    d.startedAt, d.durationMs, JSON.readTree(d.findings), JSON.readTree(d.unread));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
