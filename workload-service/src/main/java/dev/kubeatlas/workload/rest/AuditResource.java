package dev.kubeatlas.workload.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.security.Roles;
import dev.kubeatlas.workload.service.audit.AuditLog;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;

/** The audit trail of changes made through KubeAtlas, newest first. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class AuditResource {

    private final AuditLog log;

    public AuditResource(AuditLog log) {
        this.log = log;
    }

    /**
     * @param since         ISO-8601 instant; entries at or after it
     * @param continueToken the {@code continue} of the previous page
     */
    @Operation(operationId = "listAuditEntries", summary = "The audit trail: every change tried through KubeAtlas, allowed or refused")
    @GET
    public Uni<Items<AuditLog.AuditRecord>> list(@RestQuery String cluster, @RestQuery String actor, @RestQuery String action,
                                           @RestQuery String namespace, @RestQuery String resource, @RestQuery String outcome,
                                           @RestQuery Instant since, @RestQuery("continue") String continueToken,
                                           @RestQuery @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return log.find(new AuditLog.Query(cluster, actor, action, namespace, resource, outcome, since, limit), continueToken);
    }
}
