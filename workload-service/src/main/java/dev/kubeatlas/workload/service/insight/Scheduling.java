package dev.kubeatlas.workload.service.insight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.kube.PatchKind;
import dev.kubeatlas.workload.service.Caller;
import dev.kubeatlas.workload.service.ResourceService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;

/** A workload's scheduling constraints (nodeSelector, affinity, tolerations) and nodes' taints, read and set. */
@ApplicationScoped
public class Scheduling {

    static final List<String> FIELDS = List.of("nodeSelector", "affinity", "tolerations");
    static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private final ResourceService resources;

    public Scheduling(ResourceService resources) {
        this.resources = resources;
    }

    public Uni<ObjectNode> get(String cluster, String resource, String namespace, String name) {
        return resources.get(cluster, resource, namespace, name).map(found -> {
            JsonNode spec = Placement.podSpec(Manifests.toNode(found.object()));
            if (spec == null) {
                throw noTemplate(found.type().qualifiedName());
            }
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            FIELDS.forEach(f -> result.set(f, spec.has(f) ? spec.get(f) : null));
            return result;
        });
    }

    /**
     * Sets the fields the body names (a field given as null is removed); fields left out stay as they are. The
     * workload rolls out new pods, as with kubectl edit.
     */
    public Uni<ObjectNode> set(Caller caller, String cluster, String resource, String namespace, String name,
                               JsonNode body, boolean dryRun) {
        if (body == null || !body.isObject() || FIELDS.stream().noneMatch(body::has)) {
            throw ProblemException.badRequest("invalid-scheduling", "Give any of nodeSelector, affinity, tolerations");
        }
        return resources.target(cluster, resource).chain(target -> resources.get(target, namespace, name).chain(found -> {
            JsonNode object = found.object().json();
            JsonNode spec = Placement.podSpec(object);
            if (spec == null || "Pod".equals(object.path("kind").asText())) {
                throw noTemplate(found.type().qualifiedName());
            }
            String base = "CronJob".equals(object.path("kind").asText()) ? "/spec/jobTemplate/spec/template/spec/" : "/spec/template/spec/";
            ArrayNode patch = JsonNodeFactory.instance.arrayNode();
            for (String field : FIELDS) {
                if (!body.has(field)) {
                    continue;
                }
                if (body.get(field).isNull()) {
                    if (spec.has(field)) {
                        patch.addObject().put("op", "remove").put("path", base + field);
                    }
                } else {
                    patch.addObject().put("op", "add").put("path", base + field).set("value", body.get(field));
                }
            }
            return resources.patch(caller, target, namespace, name, PatchKind.JSON, patch.toString(), dryRun,
                    "schedule", f -> "set " + String.join(", ", FIELDS.stream().filter(body::has).toList()));
        })).chain(f -> get(cluster, resource, namespace, name));
    }

    public Uni<JsonNode> taints(String cluster, String node) {
        return resources.get(cluster, "nodes", null, node)
                .map(f -> Manifests.toNode(f.object()).path("spec").path("taints"));
    }

    /** Replaces a node's taints (admins only, as for every cluster-scoped change). */
    public Uni<JsonNode> setTaints(Caller caller, String cluster, String node, JsonNode body, boolean dryRun) {
        JsonNode taints = body == null ? null : body.get("taints");
        if (taints == null || !taints.isArray()) {
            throw ProblemException.badRequest("invalid-taints", "Give {\"taints\": [{\"key\",\"value\"?,\"effect\"}]}");
        }
        for (JsonNode t : taints) {
            if (t.path("key").asText("").isEmpty() || !EFFECTS.contains(t.path("effect").asText())) {
                throw ProblemException.badRequest("invalid-taints", "Each taint needs a key and an effect of " + EFFECTS);
            }
        }
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        patch.addObject().put("op", "add").put("path", "/spec/taints").set("value", taints);
        return resources.target(cluster, "nodes").chain(target -> resources.get(target, null, node)
                .chain(found -> resources.patch(caller, target, null, node, PatchKind.JSON, patch.toString(),
                        dryRun, "taint", f -> taints.size() + " taints")))
                .map(f -> f.object().json().path("spec").path("taints"));
    }

    private static ProblemException noTemplate(String type) {
        return ProblemException.unprocessable("no-pod-template", "Not a workload", type + " has no pod template to schedule");
    }
}
