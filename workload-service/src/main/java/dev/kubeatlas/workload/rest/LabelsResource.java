package dev.kubeatlas.workload.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.security.Roles;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.service.Caller;
import dev.kubeatlas.workload.service.labels.LabelService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;




/**
 * Labels and annotations over many objects at once, across kinds: an explicit list of targets, or every object of
 * some kinds that a label selector matches. Each object is changed (and audited) on its own; the answer says how
 * each one went. {@code dryRun} shows what would change.
 * <pre>
 * {"targets":[{"resource":"deployments","namespace":"shop","name":"cart"}],
 *  "selector":{"resources":["deployments","services"],"namespace":"shop","labelSelector":"app=cart"},
 *  "labels":{"team":"payments","old":null}, "annotations":{"owner":"ana"}, "dryRun":false}
 * </pre>
 * A key set to null is removed.
 */
@Path("/api/v1/clusters/{cluster}/labels")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class LabelsResource {

    private final LabelService labels;
    private final SecurityIdentity identity;

    public LabelsResource(LabelService labels, SecurityIdentity identity) {
        this.labels = labels;
        this.identity = identity;
    }

    /**
     * Objects of several kinds that a label selector matches, in one answer: {@code ?labelSelector=app=cart&
     * kinds=deployments,services,pods&namespace=shop}. Each item names its kind, namespace, name and labels.
     */
    @Operation(operationId = "queryLabels", summary = "Objects of several kinds matching a label selector")
    @GET
    public Uni<Items<LabelService.LabeledObject>> query(@RestPath String cluster, @RestQuery String labelSelector,
                                                  @RestQuery String kinds, @RestQuery String namespace) {
        return labels.query(cluster, labelSelector, kinds, namespace);
    }

    /** Labels and annotations set (null removes a key) on {@code targets} or on what a {@code selector} matches. */
    @Operation(operationId = "applyLabels", summary = "Adds or removes labels on a list of objects or on every object matching a selector")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<LabelService.LabelChanges> apply(@RestPath String cluster, String body) {
        return labels.apply(Caller.of(identity), cluster, Manifests.parse(body, MediaType.APPLICATION_JSON));
    }
}
