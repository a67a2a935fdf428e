package dev.kubeatlas.workload.service.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.workload.service.Caller;
import dev.kubeatlas.workload.service.ResourceService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Labels across kinds: which objects of several kinds a selector matches, and batch changes of labels and
 * annotations over named or selected objects.
 */
@ApplicationScoped
public class LabelService {

    static final int MAX_TARGETS = 500;

    private final ResourceService resources;

    public LabelService(ResourceService resources) {
        this.resources = resources;
    }

    record Target(String resource, String namespace, String name) {
    }

    /** One object a label query matched. */
    public record LabeledObject(String kind, String resource, String namespace, String name, Map<String, String> labels) {
    }

    /**
     * What a batch change did to each object.
     *
     * @param outcome {@code changed} or {@code failed}
     * @param status  the HTTP status of that object's change
     * @param detail  why it failed; null when it was changed
     */
    public record LabelOutcome(String resource, String namespace, String name, String outcome, int status, String detail) {
    }

    /** A batch change: how many objects were changed and failed, and each object's outcome. */
    public record LabelChanges(boolean dryRun, long changed, long failed, List<LabelOutcome> items) {
    }

    /**
     * Objects of several kinds that a label selector matches, in one answer: {@code ?labelSelector=app=cart&
     * kinds=deployments,services,pods&namespace=shop}. Each item names its kind, namespace, name and labels.
     */
    public Uni<Items<LabeledObject>> query(String cluster, String labelSelector, String kinds, String namespace) {
        if (labelSelector == null || labelSelector.isBlank() || kinds == null || kinds.isBlank()) {
            throw ProblemException.badRequest("selector-required", "Give ?labelSelector= and ?kinds= (comma-separated)");
        }
        List<Uni<List<LabeledObject>>> lists = new ArrayList<>();
        for (String kind : kinds.split(",")) {
            if (kind.isBlank()) {
                continue;
            }
            lists.add(resources.list(cluster, kind.trim(), namespace, labelSelector, null, null, null)
                    .map(l -> l.items().stream().map(o -> new LabeledObject(l.type().kind(), l.type().qualifiedName(),
                            o.namespace(), o.name(), o.labels())).toList()));
        }
        return Uni.join().all(lists).andFailFast().map(found -> {
            List<LabeledObject> items = new ArrayList<>();
            found.forEach(items::addAll);
            return Items.of(items);
        });
    }

    /**
     * Sets (or, given null, removes) labels and annotations on the objects the request names ({@code targets}) or
     * selects ({@code selector}), one audited merge patch each; a failure on one object does not stop the others.
     */
    public Uni<LabelChanges> apply(Caller caller, String cluster, ObjectNode request) {
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
        return targets(cluster, request).chain(targets -> {
            if (targets.size() > MAX_TARGETS) {
                throw ProblemException.unprocessable("too-many-targets", "Too many objects",
                        targets.size() + " objects match; at most " + MAX_TARGETS + " per request");
            }
            return Multi.createFrom().iterable(targets)
                    .onItem().transformToUniAndConcatenate(t -> resources.patch(caller, cluster, t.resource(), t.namespace(),
                                    t.name(), "application/merge-patch+json", patch.toString(), dryRun, "label")
                            .map(f -> result(t, "changed", 200, null))
                            .onFailure().recoverWithItem(e -> e instanceof ProblemException p
                                    ? result(t, "failed", p.status(), p.getMessage())
                                    // not a problem: its message may carry what the caller should not see
                                    : result(t, "failed", 503, "The object could not be changed")))
                    .collect().asList()
                    .map(results -> {
                        long changed = results.stream().filter(r -> "changed".equals(r.outcome())).count();
                        return new LabelChanges(dryRun, changed, results.size() - changed, results);
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
                    .map(l -> l.items().stream().map(o -> new Target(l.type().qualifiedName(), o.namespace(),
                            o.name())).toList()));
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

    private static LabelOutcome result(Target t, String outcome, int status, String detail) {
        return new LabelOutcome(t.resource(), t.namespace(), t.name(), outcome, status, detail);
    }
}
