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
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
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

@Path("/api/v1/clusters")
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
    public Uni<Items<ClusterView>> list(@RestQuery Optional<String> tag, @RestQuery Optional<String> provider,
                                        @RestQuery Optional<String> status) {
        return clusters.list(tag, provider, status).map(list -> Items.of(list.stream().map(this::view).toList()));
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Uni<ClusterView> get(@RestPath String name) {
        return clusters.get(name).map(this::view);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> register(@Valid @NotNull RegisterClusterRequest request, @RestQuery String force) {
        return register(request, QueryParams.flag("force", force));
    }

    private Uni<Response> register(RegisterClusterRequest request, boolean force) {
        // a relative Location (RFC 9110): right through the gateway; created(URI) would make it absolute against
        // this service's own address
        return clusters.register(request.toCommand(), force, actor())
                .map(c -> Response.status(Response.Status.CREATED)
                        .header(HttpHeaders.LOCATION, "/api/v1/clusters/" + c.name).entity(view(c)).build());
    }

    /**
     * Registration with the kubeconfig as an uploaded file (form field {@code kubeconfig}); the other fields as form
     * fields, {@code tags} as {@code key=value} pairs separated by commas.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> upload(@RestForm String name, @RestForm("kubeconfig") FileUpload kubeconfig,
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
    public Items<ContextView> contexts(@Valid @NotNull KubeconfigRequest request) {
        return Items.of(clusters.contexts(request.kubeconfig()).stream().map(ContextView::of).toList());
    }

    @PATCH
    @Path("/{name}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed(Roles.ADMIN)
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
    public Uni<HealthView> health(@RestPath String name, @RestQuery String checks, @RestQuery String changes) {
        int newestChecks = QueryParams.number("checks", checks, 20, 1, 500);
        int newestChanges = QueryParams.number("changes", changes, 50, 1, 500);
        return clusters.health(name, newestChecks, newestChanges).map(HealthView::of);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@RestPath String name) {
        return clusters.delete(name, actor()).replaceWith(Response.noContent().build());
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
