package dev.kubeatlas.workload.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.security.Roles;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.service.Caller;
import dev.kubeatlas.workload.service.insight.CustomResources;
import dev.kubeatlas.workload.service.insight.Placement;
import dev.kubeatlas.workload.service.insight.QuotaUsage;
import dev.kubeatlas.workload.service.insight.Relations;
import dev.kubeatlas.workload.service.insight.Scheduling;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;


/** CRDs, quota usage, relations, placement, scheduling constraints and taints. */
@Path("/api/v1/clusters/{cluster}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class InsightResource {

    private final QuotaUsage quotas;
    private final Relations relations;
    private final Placement placement;
    private final Scheduling scheduling;
    private final CustomResources crds;
    private final SecurityIdentity identity;

    public InsightResource(QuotaUsage quotas, Relations relations, Placement placement, Scheduling scheduling,
                           CustomResources crds, SecurityIdentity identity) {
        this.crds = crds;
        this.quotas = quotas;
        this.relations = relations;
        this.placement = placement;
        this.scheduling = scheduling;
        this.identity = identity;
    }

    /**
     * The cluster's CRDs: group, kind, plural, scope and versions (served, storage); with {@code schema=true} also
     * each version's OpenAPI schema. Their objects work through {@code /resources/{plural.group}}.
     */
    @Operation(operationId = "listCustomResourceDefinitions", summary = "The cluster's custom resource definitions")
    @GET
    @Path("/crds")
    public Uni<Items<CustomResources.CrdDefinition>> crds(@RestPath String cluster, @RestQuery boolean schema) {
        return crds.list(cluster, schema);
    }

    @Operation(operationId = "getNamespaceQuotaUsage", summary = "Quota usage of one namespace")
    @GET
    @Path("/namespaces/{namespace}/quota-usage")
    public Uni<QuotaUsage.NamespaceUsage> quotaUsage(@RestPath String cluster, @RestPath String namespace) {
        return quotas.namespace(cluster, namespace);
    }

    /** Every ResourceQuota of the cluster, nearest its limits first. */
    @Operation(operationId = "listQuotaUsage", summary = "Quota usage of every namespace of the cluster")
    @GET
    @Path("/quota-usage")
    public Uni<Items<QuotaUsage.Quota>> clusterQuotaUsage(@RestPath String cluster,
                                                          @RestQuery @DefaultValue("20") @Min(1) @Max(1000) int limit) {
        return quotas.cluster(cluster, limit).map(Items::of);
    }

    @Operation(operationId = "getResourceRelations", summary = "What an object owns, is owned by and refers to")
    @GET
    @Path("/resources/{resource}/{name}/relations")
    public Uni<Relations.Graph> relations(@RestPath String cluster, @RestPath String resource, @RestPath String name,
                                          @RestQuery String namespace,
                                          @RestQuery @DefaultValue("3") @Min(1) @Max(5) int depth) {
        return relations.of(cluster, resource, namespace, name, depth);
    }

    @Operation(operationId = "getPlacement", summary = "On which nodes a workload's pods fit, and why not elsewhere")
    @GET
    @Path("/resources/{resource}/{name}/placement")
    public Uni<Placement.Result> placement(@RestPath String cluster, @RestPath String resource, @RestPath String name,
                                           @RestQuery String namespace) {
        return placement.of(cluster, resource, namespace, name);
    }

    @Operation(operationId = "getScheduling", summary = "A workload's node selector, affinity and tolerations")
    @GET
    @Path("/resources/{resource}/{name}/scheduling")
    public Uni<ObjectNode> scheduling(@RestPath String cluster, @RestPath String resource, @RestPath String name,
                                      @RestQuery String namespace) {
        return scheduling.get(cluster, resource, namespace, name);
    }

    @Operation(operationId = "setScheduling", summary = "Sets a workload's node selector, affinity and tolerations")
    @PUT
    @Path("/resources/{resource}/{name}/scheduling")
    @Consumes({MediaType.APPLICATION_JSON, Manifests.YAML})
    public Uni<ObjectNode> setScheduling(@RestPath String cluster, @RestPath String resource, @RestPath String name,
                                         @RestQuery String namespace, @RestQuery boolean dryRun, String body) {
        return scheduling.set(Caller.of(identity), cluster, resource, namespace, name,
                Manifests.parse(body, MediaType.APPLICATION_JSON), dryRun);
    }

    @Operation(operationId = "getNodeTaints", summary = "A node's taints")
    @GET
    @Path("/nodes/{node}/taints")
    public Uni<JsonNode> taints(@RestPath String cluster, @RestPath String node) {
        return scheduling.taints(cluster, node);
    }

    @Operation(operationId = "setNodeTaints", summary = "Replaces a node's taints")
    @PUT
    @Path("/nodes/{node}/taints")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<JsonNode> setTaints(@RestPath String cluster, @RestPath String node, @RestQuery boolean dryRun, String body) {
        return scheduling.setTaints(Caller.of(identity), cluster, node, Manifests.parse(body, MediaType.APPLICATION_JSON), dryRun);
    }
}
