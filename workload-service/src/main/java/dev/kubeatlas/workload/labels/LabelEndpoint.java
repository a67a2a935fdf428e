package dev.kubeatlas.workload.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.security.Roles;
import dev.kubeatlas.workload.audit.Caller;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.resources.ResourceService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
public class LabelEndpoint {

    static final int MAX_TARGETS = 500;

    private final ResourceService resources;
    private final SecurityIdentity identity;

    public LabelEndpoint(ResourceService resources, SecurityIdentity identity) {
        this.resources = resources;
        this.identity = identity;
    }

    record Target(String resource, String namespace, String name) {
    }

    /**
     * Objects of several kinds that a label selector matches, in one answer: {@code ?labelSelector=app=cart&
     * kinds=deployments,services,pods&namespace=shop}. Each item names its kind, namespace, name and labels.
     */
    @GET
    public Uni<Map<String, Object>> query(@RestPath String cluster, @RestQuery String labelSelector,
                                          @RestQuery String kinds, @RestQuery String namespace) {
        if (labelSelector == null || labelSelector.isBlank() || kinds == null || kinds.isBlank()) {
            throw ProblemException.badRequest("selector-required", "Give ?labelSelector= and ?kinds= (comma-separated)");
        }
        List<Uni<List<Map<String, Object>>>> lists = new ArrayList<>();
        for (String kind : kinds.split(",")) {
            if (kind.isBlank()) {
                continue;
            }
            lists.add(resources.list(cluster, kind.trim(), namespace, labelSelector, null, null, null)
                    .map(l -> l.items().stream().map(o -> {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("kind", l.type().kind());
                        item.put("resource", l.type().qualifiedName());
                        item.put("namespace", o.getMetadata().getNamespace());
                        item.put("name", o.getMetadata().getName());
                        item.put("labels", o.getMetadata().getLabels());
                        return item;
                    }).toList()));
        }
        return Uni.join().all(lists).andFailFast().map(found -> {
            List<Map<String, Object>> items = new ArrayList<>();
            found.forEach(items::addAll);
            return Map.of("items", items);
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> apply(@RestPath String cluster, String body) {
        ObjectNode request = Manifests.parse(body, MediaType.APPLICATION_JSON);
        JsonNode labels = request.path("labels");
        JsonNode annotations = request.path("annotations");
        if (!labels.isObject() && !annotations.isObject()) {
            throw ProblemException.badRequest("nothing-to-change", "Give \"labels\" and/or \"annotations\" (null removes a key)");
        }
        boolean dryRun = request.path("dryRun").asBoolean(false);
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = patch.putObject("metadata");
        if (labels.isObject()) {
            metadata.set("labels", labels);
        }
        if (annotations.isObject()) {
            metadata.set("annotations", annotations);
        }
        Caller caller = Caller.of(identity);
        return targets(cluster, request).chain(targets -> {
            if (targets.size() > MAX_TARGETS) {
                throw ProblemException.unprocessable("too-many-targets", "Too many objects",
                        targets.size() + " objects match; at most " + MAX_TARGETS + " per request");
            }
            return Multi.createFrom().iterable(targets)
                    .onItem().transformToUniAndConcatenate(t -> resources.patch(caller, cluster, t.resource(), t.namespace(),
                                    t.name(), "application/merge-patch+json", patch.toString(), dryRun, "label")
                            .map(f -> result(t, "changed", 200, null))
                            .onFailure().recoverWithItem(e -> {
                                int status = e instanceof ProblemException p ? p.status() : 500;
                                return result(t, "failed", status, e.getMessage());
                            }))
                    .collect().asList()
                    .map(results -> {
                        Map<String, Object> response = new LinkedHashMap<>();
                        response.put("dryRun", dryRun);
                        response.put("changed", results.stream().filter(r -> "changed".equals(r.get("outcome"))).count());
                        response.put("failed", results.stream().filter(r -> "failed".equals(r.get("outcome"))).count());
                        response.put("items", results);
                        return response;
                    });
        });
    }

    private Uni<List<Target>> targets(String cluster, ObjectNode request) {
        List<Target> explicit = new ArrayList<>();
        for (JsonNode t : request.path("targets")) {
            if (t.path("resource").asText("").isEmpty() || t.path("name").asText("").isEmpty()) {
                throw ProblemException.badRequest("invalid-target", "Each target needs \"resource\" and \"name\"");
            }
            explicit.add(new Target(t.path("resource").asText(), t.path("namespace").asText(null), t.path("name").asText()));
        }
        JsonNode selector = request.path("selector");
        if (!selector.isObject()) {
            if (explicit.isEmpty()) {
                throw ProblemException.badRequest("no-targets", "Give \"targets\" or a \"selector\"");
            }
            return Uni.createFrom().item(explicit);
        }
        String labelSelector = selector.path("labelSelector").asText("");
        if (labelSelector.isBlank()) {
            throw ProblemException.badRequest("selector-required", "A selector needs a labelSelector");
        }
        String namespace = selector.path("namespace").asText(null);
        List<Uni<List<Target>>> lists = new ArrayList<>();
        for (JsonNode resource : selector.path("resources")) {
            lists.add(resources.list(cluster, resource.asText(), namespace, labelSelector, null, null, null)
                    .map(l -> l.items().stream().map(o -> new Target(l.type().qualifiedName(), o.getMetadata().getNamespace(),
                            o.getMetadata().getName())).toList()));
        }
        if (lists.isEmpty()) {
            throw ProblemException.badRequest("selector-resources-required", "A selector needs \"resources\": the kinds to match");
        }
        return Uni.join().all(lists).andFailFast().map(found -> {
            List<Target> all = new ArrayList<>(explicit);
            found.forEach(all::addAll);
            return all;
        });
    }

    private static Map<String, Object> result(Target t, String outcome, int status, String detail) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("resource", t.resource());
        r.put("namespace", t.namespace());
        r.put("name", t.name());
        r.put("outcome", outcome);
        r.put("status", status);
        r.put("detail", detail);
        return r;
    }
}
