package dev.kubeatlas.cluster.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.cluster.config.ClusterConfig;
import dev.kubeatlas.cluster.model.Cluster;
import dev.kubeatlas.cluster.rest.dto.ClusterView;
import dev.kubeatlas.cluster.rest.dto.ConnectionTestView;
import dev.kubeatlas.cluster.rest.dto.ContextView;
import dev.kubeatlas.cluster.rest.dto.HealthView;
import dev.kubeatlas.cluster.rest.dto.KubeconfigRequest;
import dev.kubeatlas.cluster.rest.dto.RegisterClusterRequest;
import dev.kubeatlas.cluster.rest.dto.UpdateClusterRequest;
import dev.kubeatlas.cluster.service.ClusterService;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.rest.QueryParams;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The cluster registry: registration, changes, connection tests and health of registered clusters. */
@Path("/api/v1/clusters")
@Tag(name = "Clusters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ClusterResource {

    private final ClusterService clusters;
    private final SecurityIdentity identity;
    private final Validator validator;
    private final ClusterConfig config;
    private final ObjectMapper mapper;

    public ClusterResource(ClusterService clusters, SecurityIdentity identity,
                           Validator validator, ClusterConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        this.clusters = clusters;
        this.identity = identity;
        this.validator = validator;
        this.config = config;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(operationId = "listClusters", summary = "Registered clusters, by name",
            description = "tag is 'key' or 'key=value'; provider and status match regardless of case")
    @APIResponse(responseCode = "200", description = "The clusters")
    public Uni<Items<ClusterView>> list(@RestQuery Optional<String> tag, @RestQuery Optional<String> provider,
                                        @RestQuery Optional<String> status) {
        return clusters.list(tag, provider, status).map(list -> Items.of(list.stream().map(this::view).toList()));
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(operationId = "getCluster", summary = "A registered cluster, never its credentials")
    @APIResponse(responseCode = "200", description = "The cluster")
    @APIResponse(responseCode = "400", description = "Invalid name, parameter or body")
    @APIResponse(responseCode = "404", description = "No cluster of that name")
    public Uni<ClusterView> get(@RestPath String name) {
        return clusters.get(name).map(this::view);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "registerCluster", summary = "Registers a cluster from its kubeconfig",
            description = "Validates and tests the kubeconfig, then stores it encrypted; as JSON, or as a multipart "
                    + "upload with the kubeconfig in the file field 'kubeconfig'")
    @APIResponse(responseCode = "201", description = "Registered; Location names it")
    @APIResponse(responseCode = "400", description = "Invalid name, parameter or body")
    @APIResponse(responseCode = "409", description = "A cluster of that name is registered")
    @APIResponse(responseCode = "413", description = "The kubeconfig is larger than allowed")
    @APIResponse(responseCode = "422", description = "The cluster cannot be reached, or the credentials may not read it (unless force=true)")
    public Uni<RestResponse<ClusterView>> register(@Valid @NotNull RegisterClusterRequest request, @RestQuery String force) {
        return register(request, QueryParams.flag("force", force));
    }

    private Uni<RestResponse<ClusterView>> register(RegisterClusterRequest request, boolean force) {
        // a relative Location (RFC 9110): right through the gateway; created(URI) would make it absolute against
        // this service's own address
        return clusters.register(request.toCommand(), force, actor())
                .map(c -> RestResponse.ResponseBuilder.create(RestResponse.Status.CREATED, view(c))
                        .header(HttpHeaders.LOCATION, "/api/v1/clusters/" + c.name).build());
    }

    /**
     * Registration with the kubeconfig as an uploaded file (form field {@code kubeconfig}); the other fields as form
     * fields, {@code tags} as {@code key=value} pairs separated by commas.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "registerCluster", summary = "Registers a cluster from its kubeconfig")
    @APIResponse(responseCode = "201", description = "Registered; Location names it")
    @APIResponse(responseCode = "400", description = "Invalid name, parameter or body")
    @APIResponse(responseCode = "409", description = "A cluster of that name is registered")
    @APIResponse(responseCode = "413", description = "The kubeconfig is larger than allowed")
    @APIResponse(responseCode = "422", description = "The cluster cannot be reached, or the credentials may not read it (unless force=true)")
    public Uni<RestResponse<ClusterView>> upload(@RestForm String name, @RestForm("kubeconfig") FileUpload kubeconfig,
                                @RestForm String context, @RestForm String displayName, @RestForm String provider,
                                @RestForm String region, @RestForm String tags, @RestForm String description,
                                @RestQuery("force") String forceParam) {
        boolean force = QueryParams.flag("force", forceParam);
        if (kubeconfig == null) {
            throw ProblemException.badRequest("kubeconfig-missing", "Upload the kubeconfig as the form field 'kubeconfig'");
        }
        if (kubeconfig.size() > config.maxKubeconfigBytes()) {
            throw ProblemException.tooLarge("The kubeconfig is larger than " + config.maxKubeconfigBytes() + " bytes");
        }
        RegisterClusterRequest request = new RegisterClusterRequest(name, read(kubeconfig), context, displayName,
                provider, region, parseTags(tags), description);
        Set<ConstraintViolation<RegisterClusterRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return register(request, force);
    }

    @POST
    @Path("/kubeconfig/contexts")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "listKubeconfigContexts", summary = "The contexts of a kubeconfig; stores nothing")
    @APIResponse(responseCode = "200", description = "The contexts, with server, user, namespace and auth kind")
    @APIResponse(responseCode = "400", description = "Not a usable kubeconfig")
    @APIResponse(responseCode = "413", description = "The kubeconfig is larger than allowed")
    public Items<ContextView> contexts(@Valid @NotNull KubeconfigRequest request) {
        return Items.of(clusters.contexts(request.kubeconfig()).stream().map(ContextView::of).toList());
    }

    @PATCH
    @Path("/{name}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "updateCluster", summary = "Changes a registration (JSON merge patch)",
            description = "null removes a field or sets it back to its default; tags merge key by key; a new "
                    + "kubeconfig or context is validated and tested like a registration")
    @APIResponse(responseCode = "200", description = "The cluster as changed")
    @APIResponse(responseCode = "400", description = "Invalid name, parameter or body")
    @APIResponse(responseCode = "404", description = "No cluster of that name")
    @APIResponse(responseCode = "409", description = "The cluster was changed meanwhile: read it again and retry")
    @APIResponse(responseCode = "413", description = "The kubeconfig is larger than allowed")
    @APIResponse(responseCode = "422", description = "New credentials cannot reach the cluster or may not read it (unless force=true)")
    public Uni<ClusterView> update(@RestPath String name, JsonNode body, @RestQuery String force)
            throws JsonProcessingException {
        boolean forced = QueryParams.flag("force", force);
        if (!(body instanceof ObjectNode patch)) {
            throw ProblemException.badRequest("malformed-body", "The body must be a JSON object (a merge patch)");
        }
        UpdateClusterRequest request = mapper.treeToValue(patch, UpdateClusterRequest.class);
        Set<ConstraintViolation<UpdateClusterRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        Set<String> removed = new HashSet<>();
        patch.properties().forEach(field -> {
            if (field.getValue().isNull()) {
                removed.add(field.getKey());
            }
        });
        return clusters.update(name, request.toChange(removed), forced, actor()).map(this::view);
    }

    @POST
    @Path("/{name}/test")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "testClusterConnection", summary = "Tests the connection now, with a permission review",
            description = "Recorded as a health check of the cluster")
    @APIResponse(responseCode = "200", description = "The outcome; an unreachable cluster is a status, not an error")
    @APIResponse(responseCode = "400", description = "Invalid name, parameter or body")
    @APIResponse(responseCode = "404", description = "No cluster of that name")
    @APIResponse(responseCode = "503", description = "The stored credentials cannot be decrypted with the configured keys")
    public Uni<ConnectionTestView> test(@RestPath String name) {
        Instant at = Instant.now();
        return clusters.testNow(name, actor()).map(report -> ConnectionTestView.of(name, report, at));
    }

    /**
     * @param checks  how many of the newest checks to return
     * @param changes how many of the newest status changes to return
     */
    @GET
    @Path("/{name}/health")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Operation(operationId = "getClusterHealth", summary = "A cluster's status, newest checks and status changes")
    @APIResponse(responseCode = "200", description = "The cluster's health")
    @APIResponse(responseCode = "400", description = "Invalid name, parameter or body")
    @APIResponse(responseCode = "404", description = "No cluster of that name")
    public Uni<HealthView> health(@RestPath String name, @RestQuery String checks, @RestQuery String changes) {
        int newestChecks = QueryParams.integer("checks", checks, 20, 1, 500);
        int newestChanges = QueryParams.integer("changes", changes, 50, 1, 500);
        return clusters.health(name, newestChecks, newestChanges).map(HealthView::of);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "deleteCluster", summary = "Removes a cluster with its credentials, checks and history")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", description = "Invalid name, parameter or body")
    @APIResponse(responseCode = "404", description = "No cluster of that name")
    public Uni<Void> delete(@RestPath String name) {
        return clusters.delete(name, actor());
    }

    private ClusterView view(Cluster c) {
        return ClusterView.of(c, clusters.defaultIntervalSeconds());
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private static String read(FileUpload upload) {
        try {
            return Files.readString(upload.uploadedFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> parseTags(String tags) {
        Map<String, String> result = new LinkedHashMap<>();
        if (tags == null || tags.isBlank()) {
            return result;
        }
        for (String pair : tags.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw ProblemException.badRequest("invalid-tags", "Tags are key=value pairs separated by commas");
            }
            result.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return result;
    }
}
