package dev.kubeatlas.workload.kube;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.List;

/**
 * A resource type a cluster serves, from its discovery documents.
 *
 * @param subresources e.g. {@code scale}, {@code status}, {@code log}
 */
public record ApiResourceType(String group, String version, String plural, String singular, String kind,
                              boolean namespaced, List<String> shortNames, List<String> verbs,
                              List<String> subresources, List<String> categories) {

    @JsonProperty
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code plural.group}, or {@code plural} for the core group: how kubectl and KubeAtlas name it uniquely. */
    @JsonProperty
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    public boolean supports(String verb) {
        return verbs.contains(verb);
    }

    @JsonIgnore
    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
                .withKind(kind).withNamespaced(namespaced).build();
    }

    public boolean is(String group, String plural) {
        return this.group.equals(group) && this.plural.equals(plural);
    }
}
