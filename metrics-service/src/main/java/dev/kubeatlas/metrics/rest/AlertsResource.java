package dev.kubeatlas.metrics.rest;

import dev.kubeatlas.metrics.rest.dto.AlertRuleRequest;
import dev.kubeatlas.metrics.rest.dto.AlertRuleView;
import dev.kubeatlas.metrics.rest.dto.AlertView;
import dev.kubeatlas.metrics.service.alerts.AlertService;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.rest.QueryParams;
import dev.kubeatlas.support.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Alert rules (admins change them) and alerts: those pending or firing now, and the recently resolved. */
@Path("/api/v1/metrics/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class AlertsResource {

    private final AlertService alerts;

    public AlertsResource(AlertService alerts) {
        this.alerts = alerts;
    }

    @GET
    @Operation(operationId = "listAlerts", summary = "Alerts newest first, of a cluster and in a state")
    @APIResponse(responseCode = "400", description = "state or limit is invalid")
    @APIResponse(responseCode = "403", description = "None of the roles viewer, operator, admin")
    public Uni<Items<AlertView>> alerts(@RestQuery String cluster, @RestQuery String state, @RestQuery String limit) {
        int count = QueryParams.integer("limit", limit, 100, 1, 1000);
        return alerts.alerts(cluster, state, count).map(list -> Items.of(list.stream().map(AlertView::of).toList()));
    }

    @GET
    @Path("/rules")
    @Operation(operationId = "listAlertRules", summary = "Every alert rule, built-in ones included")
    @APIResponse(responseCode = "403", description = "None of the roles viewer, operator, admin")
    public Uni<Items<AlertRuleView>> rules() {
        return alerts.rules().map(list -> Items.of(list.stream().map(AlertRuleView::of).toList()));
    }

    @POST
    @Path("/rules")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createAlertRule", summary = "Creates an alert rule")
    @APIResponseSchema(value = AlertRuleView.class, responseCode = "201", responseDescription = "Created")
    @APIResponse(responseCode = "400", description = "The rule is invalid (unknown metric, scope, selector)")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "The rule's cluster is not registered")
    @APIResponse(responseCode = "409", description = "A rule has this id")
    public Uni<Response> create(@NotNull @Valid AlertRuleRequest request) {
        return alerts.create(request.id(), request.spec())
                .map(rule -> Response.status(Response.Status.CREATED).entity(AlertRuleView.of(rule)).build());
    }

    @PUT
    @Path("/rules/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "updateAlertRule", summary = "Changes an alert rule")
    @APIResponse(responseCode = "400", description = "The rule is invalid (unknown metric, scope, selector)")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such rule, or its cluster is not registered")
    public Uni<AlertRuleView> update(@RestPath String id, @NotNull @Valid AlertRuleRequest request) {
        return alerts.update(id, request.spec()).map(AlertRuleView::of);
    }

    /** Built-in rules are disabled, not deleted. */
    @DELETE
    @Path("/rules/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "deleteAlertRule", summary = "Deletes an alert rule")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "404", description = "No such rule")
    @APIResponse(responseCode = "409", description = "A built-in rule: disable it instead")
    public Uni<Response> delete(@RestPath String id) {
        return alerts.delete(id).replaceWith(Response.noContent().build());
    }
}
