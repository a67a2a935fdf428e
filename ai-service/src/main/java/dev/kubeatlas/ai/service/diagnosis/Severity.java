package dev.kubeatlas.ai.service.diagnosis;

import com.fasterxml.jackson.annotation.JsonValue;

/** How bad a finding is: {@code critical} breaks a workload now, {@code warning} will or may, {@code info} is worth knowing. */
public enum Severity {
    CRITICAL, WARNING, INFO;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
