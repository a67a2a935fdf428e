package dev.kubeatlas.ai.service.diagnosis;

/** The cause a finding names: a catalogued code (see {@code docs/diagnosis-codes.md}) and one sentence with the concrete values. */
public record RootCause(String code, String summary) {
}
