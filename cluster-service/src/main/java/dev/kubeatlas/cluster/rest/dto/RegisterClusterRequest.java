package dev.kubeatlas.cluster.rest.dto;

import dev.kubeatlas.cluster.service.RegisterCluster;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * @param name    DNS-1123 label, unique and immutable: how every API addresses the cluster
 * @param context the kubeconfig context to use; its current-context when absent
 */
public record RegisterClusterRequest(
        @NotBlank @Size(max = 63)
        @Pattern(regexp = "[a-z0-9]([-a-z0-9]*[a-z0-9])?", message = "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit")
        String name,
        @NotBlank String kubeconfig,
        @NoNul String context,
        @Size(max = 200) @NoNul String displayName,
        @Size(max = 40) @NoNul String provider,
        @Size(max = 80) @NoNul String region,
        Map<@Size(max = 63) @NoNul String, @Size(max = 200) @NoNul String> tags,
        @Size(max = 2000) @NoNul String description) {

    public RegisterCluster toCommand() {
        return new RegisterCluster(name, kubeconfig, context, displayName, provider, region, tags, description);
    }

    /** Never print the kubeconfig. */
    @Override
    public String toString() {
        return "RegisterClusterRequest[name=" + name + ", context=" + context + "]";
    }
}
