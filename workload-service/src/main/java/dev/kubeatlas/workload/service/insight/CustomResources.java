package dev.kubeatlas.workload.service.insight;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.service.ResourceService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** The CustomResourceDefinitions of a cluster, as a short view of each. */
@ApplicationScoped
public class CustomResources {

    private final ResourceService resources;

    public CustomResources(ResourceService resources) {
        this.resources = resources;
    }

    /** A CustomResourceDefinition: what it defines and its versions. {@code resource} is {@code plural.group}. */
    public record CrdDefinition(String name, String group, String kind, String plural, String scope, String resource,
                             List<CrdVersion> versions) {
    }

    /** One version of a definition; {@code schema} (its OpenAPI v3 schema) only when asked for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CrdVersion(String name, boolean served, boolean storage, JsonNode schema) {
    }

    /** Group, kind, plural, scope and versions (served, storage); with {@code schema} each version's OpenAPI schema. */
    public Uni<Items<CrdDefinition>> list(String cluster, boolean schema) {
        return resources.list(cluster, "customresourcedefinitions.apiextensions.k8s.io", null, null, null, null, null)
                .map(listing -> Items.of(listing.items().stream().map(crd -> {
                    JsonNode spec = Manifests.toNode(crd).path("spec");
                    List<CrdVersion> versions = new ArrayList<>();
                    for (JsonNode v : spec.path("versions")) {
                        versions.add(new CrdVersion(v.path("name").asText(), v.path("served").asBoolean(),
                                v.path("storage").asBoolean(), schema ? v.path("schema").path("openAPIV3Schema") : null));
                    }
                    String plural = spec.path("names").path("plural").asText();
                    return new CrdDefinition(crd.name(), spec.path("group").asText(), spec.path("names").path("kind").asText(),
                            plural, spec.path("scope").asText(), plural + "." + spec.path("group").asText(), versions);
                }).toList()));
    }
}
