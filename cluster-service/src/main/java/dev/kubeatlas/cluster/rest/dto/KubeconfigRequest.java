package dev.kubeatlas.cluster.rest.dto;

import jakarta.validation.constraints.NotBlank;

public record KubeconfigRequest(@NotBlank String kubeconfig) {
}
