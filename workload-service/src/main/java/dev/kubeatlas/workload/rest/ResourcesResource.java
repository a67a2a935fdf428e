package dev.kubeatlas.workload.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.support.names.KubeNames;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.rest.Negotiation;
import dev.kubeatlas.support.security.Roles;
import dev.kubeatlas.workload.kube.ApiCatalog;
import dev.kubeatlas.workload.kube.ApiResourceType;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.service.Access;
import dev.kubeatlas.workload.service.Caller;
import dev.kubeatlas.workload.service.ResourceService;
import dev.kubeatlas.workload.service.audit.Audit;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every resource of every registered cluster, built-in or custom, addressed by what kubectl accepts. Lists are
 * {@code {"items":[...],"continue":...}}; {@code Accept: application/yaml} returns YAML; every change takes
 * {@code ?dryRun=true} (server-side dry run) and is audited.
 */
@Path("/api/v1/clusters/{cluster}")
@Produces({MediaType.APPLICATION_JSON, Manifests.YAML})
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN, Roles.SERVICE})
public class ResourcesResource {


    private final ResourceService resources;
    private final ApiCatalog catalog;
    private final Audit audit;
    private final SecurityIdentity identity;

    public ResourcesResource(ResourceService resources, ApiCatalog catalog, Audit audit, SecurityIdentity identity) {
        this.resources = resources;
        this.catalog = catalog;
        this.audit = audit;
        this.identity = identity;
    }

    @Operation(operationId = "listApiResources", summary = "The types the cluster serves")
    @GET
    @Path("/api-resources")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Items<ApiResourceType>> apiResources(@RestPath String cluster) {
        return catalog.types(cluster).map(Items::of);
    }

    /**
     * @param reveal admins and services (backups) only, audited: Secret values as stored instead of
     *               {@code <redacted>}
     */
    @Operation(operationId = "listResources", summary = "Objects of one type")
    @GET
    @Path("/resources/{resource}")
    public Uni<Response> list(@RestPath String cluster, @RestPath String resource, @RestQuery String namespace,
                              @RestQuery String labelSelector, @RestQuery String fieldSelector,
                              @RestQuery @Min(1) @Max(10000) Integer limit, @RestQuery("continue") String continueToken,
                              @RestQuery boolean reveal, HttpHeaders headers) {
        Supplier<Uni<ResourceService.Listing>> listing =
                () -> resources.list(cluster, resource, namespace, labelSelector, fieldSelector, limit, continueToken);
        Uni<ResourceService.Listing> read;
        if (reveal) {
            Caller caller = caller();
            Access.requireReveal(caller);
            read = audit.audited(caller, new Audit.Target(cluster, "reveal", resource, namespace, null, false), listing,
                    l -> "values of " + l.items().size() + " objects revealed");
        } else {
            read = listing.get();
        }
        return read.map(l -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", l.items().stream().map(o -> Manifests.present(l.type(), o, reveal)).toList());
            body.put("continue", l.continueToken());
            body.put("resourceVersion", l.resourceVersion());
            return render(body, headers, Response.Status.OK);
        });
    }

    @Operation(operationId = "createResource", summary = "Creates an object from JSON or YAML")
    @POST
    @Path("/resources/{resource}")
    @Consumes({MediaType.APPLICATION_JSON, Manifests.YAML, "application/x-yaml", "text/yaml"})
    public Uni<Response> create(@RestPath String cluster, @RestPath String resource, @RestQuery String namespace,
                                @RestQuery boolean dryRun, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                String body, HttpHeaders headers) {
        ObjectNode manifest = Manifests.parse(body, contentType);
        return resources.create(caller(), cluster, resource, namespace, manifest, dryRun).map(created -> {
            Response response = render(Manifests.present(created.type(), created.object(), false), headers,
                    dryRun ? Response.Status.OK : Response.Status.CREATED);
            if (!dryRun) {
                response.getHeaders().putSingle("Location", location(cluster, created));
            }
            return response;
        });
    }

    /**
     * @param reveal admins only, audited: Secret values as stored instead of {@code <redacted>}
     */
    @Operation(operationId = "getResource", summary = "One object")
    @GET
    @Path("/resources/{resource}/{name}")
    public Uni<Response> get(@RestPath String cluster, @RestPath String resource, @RestPath String name,
                             @RestQuery String namespace, @RestQuery boolean reveal, HttpHeaders headers) {
        if (!reveal) {
            return resources.get(cluster, resource, namespace, name)
                    .map(f -> render(Manifests.present(f.type(), f.object(), false), headers, Response.Status.OK));
        }
        Caller caller = caller();
        Access.requireReveal(caller);
        return audit.audited(caller, new Audit.Target(cluster, "reveal", resource, namespace, name, false),
                        () -> resources.get(cluster, resource, namespace, name), f -> "values revealed")
                .map(f -> render(Manifests.present(f.type(), f.object(), true), headers, Response.Status.OK));
    }

    @Operation(operationId = "replaceResource", summary = "Replaces an object")
    @PUT
    @Path("/resources/{resource}/{name}")
    @Consumes({MediaType.APPLICATION_JSON, Manifests.YAML, "application/x-yaml", "text/yaml"})
    public Uni<Response> replace(@RestPath String cluster, @RestPath String resource, @RestPath String name,
                                 @RestQuery String namespace, @RestQuery boolean dryRun,
                                 @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body,
                                 HttpHeaders headers) {
        ObjectNode manifest = Manifests.parse(body, contentType);
        return resources.replace(caller(), cluster, resource, namespace, name, manifest, dryRun)
                .map(f -> render(Manifests.present(f.type(), f.object(), false), headers, Response.Status.OK));
    }

    @PATCH
    @Path("/resources/{resource}/{name}")
    @Consumes({"application/merge-patch+json", "application/json-patch+json", "application/strategic-merge-patch+json",
            MediaType.APPLICATION_JSON, Manifests.YAML, "application/x-yaml", "text/yaml"})
    @Operation(operationId = "patchResource", summary = "Patches an object (merge, JSON or strategic merge patch)")
    public Uni<Response> patch(@RestPath String cluster, @RestPath String resource, @RestPath String name,
                               @RestQuery String namespace, @RestQuery boolean dryRun,
                               @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body,
                               HttpHeaders headers) {
        return resources.patch(caller(), cluster, resource, namespace, name, contentType, body, dryRun, "patch")
                .map(f -> render(Manifests.present(f.type(), f.object(), false), headers, Response.Status.OK));
    }

    /** @param propagationPolicy {@code Background} (default), {@code Foreground} or {@code Orphan} */
    @Operation(operationId = "deleteResource", summary = "Deletes an object")
    @DELETE
    @Path("/resources/{resource}/{name}")
    public Uni<Response> delete(@RestPath String cluster, @RestPath String resource, @RestPath String name,
                                @RestQuery String namespace, @RestQuery String propagationPolicy,
                                @RestQuery boolean dryRun) {
        return resources.delete(caller(), cluster, resource, namespace, name, propagationPolicy, dryRun)
                .replaceWith(Response.noContent().build());
    }

    private Caller caller() {
        return Caller.of(identity);
    }

    /** Relative, so that it is right behind the gateway; every segment encoded. */
    private static String location(String cluster, ResourceService.Fetched created) {
        String ns = created.object().namespace();
        return "/api/v1/clusters/" + KubeNames.segment(cluster) + "/resources/" + KubeNames.segment(created.type().qualifiedName())
                + "/" + KubeNames.segment(created.object().name())
                + (ns == null ? "" : "?namespace=" + KubeNames.segment(ns));
    }

    /** JSON, or YAML when the caller accepts YAML and not JSON first. */
    public static Response render(Object body, HttpHeaders headers, Response.Status status) {
        if (Negotiation.prefers(headers, "yaml")) {
            return Response.status(status).type(Manifests.YAML).entity(Manifests.yaml(body)).build();
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
