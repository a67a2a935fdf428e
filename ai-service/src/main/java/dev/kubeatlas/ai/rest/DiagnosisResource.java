package dev.kubeatlas.ai.rest;

import dev.kubeatlas.ai.rest.dto.DiagnoseRequest;
import dev.kubeatlas.ai.rest.dto.DiagnosisView;
import dev.kubeatlas.ai.service.DiagnosisService;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Diagnoses: why is something in a cluster broken. A diagnosis reads the cluster through workload-service as the
 * caller (so the caller's roles and Secret redaction apply), names root causes with their evidence, and is kept so
 * that it can be read again by id.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class DiagnosisResource {

    private final DiagnosisService diagnoses;
    private final SecurityIdentity identity;

    public DiagnosisResource(DiagnosisService diagnoses, SecurityIdentity identity) {
        this.diagnoses = diagnoses;
        this.identity = identity;
    }

    @POST
    @Path("/clusters/{cluster}/diagnoses")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "diagnoseCluster", summary = "Diagnoses a cluster, a namespace or one object now")
    @APIResponse(responseCode = "200", description = "The diagnosis, with its findings")
    @APIResponse(responseCode = "400", description = "Invalid scope")
    @APIResponse(responseCode = "404", description = "Unknown cluster")
    @APIResponse(responseCode = "422", description = "An explanation was asked for and no model is configured")
    @APIResponse(responseCode = "503", description = "workload-service is unavailable")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<DiagnosisView> diagnose(@RestPath String cluster, DiagnoseRequest request,
                                       @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
        DiagnoseRequest asked = request == null ? DiagnoseRequest.WHOLE_CLUSTER : request;
        if (Boolean.TRUE.equals(asked.explain())) {
            throw ProblemException.unprocessable("explain-unavailable", "Explanation unavailable",
                    "no model is configured: diagnoses are answered without an explanation");
        }
        DiagnosisService.Target target = new DiagnosisService.Target(asked.namespace(), asked.resource(), asked.name());
        return diagnoses.diagnose(cluster, target, identity.getPrincipal().getName(), bearer).map(DiagnosisView::of);
    }

    @GET
    @Path("/diagnoses/{id}")
    @Operation(operationId = "getDiagnosis", summary = "A diagnosis made before")
    @APIResponse(responseCode = "200", description = "The diagnosis")
    @APIResponse(responseCode = "404", description = "No such diagnosis")
    @APIResponse(responseCode = "403", description = "The caller lacks the role")
    public Uni<DiagnosisView> get(@RestPath String id) {
        return diagnoses.get(id).map(DiagnosisView::of);
    }
}
