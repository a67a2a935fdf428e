package dev.kubeatlas.history.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A cluster's retention policy; null limits keep everything. {@code removed}: versions the change removed at once. */
public record RetentionView(String cluster, Integer keepVersions, Integer keepDays,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer removed) {
}
