package dev.kubeatlas.workload.service.insight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.service.ResourceService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The CustomResourceDefinitions of a cluster, as a short view of each. */
@ApplicationScoped
public class CustomResources {

    private final ResourceService resources;

    public CustomResources(ResourceService resources) {
        this.resources = resources;
    }

    /** Group, kind, plural, scope and versions (served, storage); with {@code schema} each version's OpenAPI schema. */
    public Uni<Items<Map<String, Object>>> list(String cluster, boolean schema) {
        return resources.list(cluster, "customresourcedefinitions.apiextensions.k8s.io", null, null, null, null, null)
                .map(listing -> Items.of(listing.items().stream().map(crd -> {
                    JsonNode spec = Manifests.toNode(crd).path("spec");
                    List<Map<String, Object>> versions = new ArrayList<>();
                    for (JsonNode v : spec.path("versions")) {
                        Map<String, Object> version = new LinkedHashMap<>();
                        version.put("name", v.path("name").asText());
                        version.put("served", v.path("served").asBoolean());
                        version.put("storage", v.path("storage").asBoolean());
                        if (schema) {
                            version.put("schema", v.path("schema").path("openAPIV3Schema"));
                        }
                        versions.add(version);
                    }
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("name", crd.name());
                    view.put("group", spec.path("group").asText());
                    view.put("kind", spec.path("names").path("kind").asText());
                    view.put("plural", spec.path("names").path("plural").asText());
                    view.put("scope", spec.path("scope").asText());
                    view.put("resource", spec.path("names").path("plural").asText() + "." + spec.path("group").asText());
                    view.put("versions", versions);
                    return view;
                }).toList()));
    }
}
