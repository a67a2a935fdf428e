package dev.kubeatlas.workload.service.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.workload.kube.ApiResourceType;
import dev.kubeatlas.workload.kube.ClusterTarget;
import dev.kubeatlas.workload.kube.KubeObject;
import dev.kubeatlas.workload.kube.PatchKind;
import dev.kubeatlas.workload.service.Caller;
import dev.kubeatlas.workload.service.ResourceService;
import dev.kubeatlas.workload.service.audit.Audit;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The operations operators reach for, as kubectl does them: scale, rollout restart, rollout undo, suspend and resume
 * of CronJobs, a Job from a CronJob, cordon and uncordon. Each is an audited change of the object.
 */
@ApplicationScoped
public class WorkloadActions {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    static final Set<String> SCALABLE_KINDS = Set.of("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController",
            "CloneSet");
    static final Set<String> RESTARTABLE_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "CloneSet");

    private final ResourceService resources;

    public WorkloadActions(ResourceService resources) {
        this.resources = resources;
    }

    public Uni<ResourceService.Fetched> run(Caller caller, String cluster, String resource, String namespace,
                                            String name, String action, JsonNode body, boolean dryRun) {
        return resources.target(cluster, resource).chain(target -> switch (action) {
            case "scale" -> scale(caller, target, namespace, name, body, dryRun);
            case "restart" -> restart(caller, target, namespace, name, dryRun);
            case "undo" -> undo(caller, target, namespace, name, body, dryRun);
            case "suspend", "resume" -> suspend(caller, target, namespace, name, "suspend".equals(action), dryRun);
            case "trigger" -> trigger(caller, target, namespace, name, dryRun);
            case "cordon", "uncordon" -> cordon(caller, target, name, "cordon".equals(action), dryRun);
            default -> throw ProblemException.notFound("action-not-found", "No such action",
                    "Actions are scale, restart, undo, suspend, resume, trigger, cordon and uncordon; not '" + action + "'");
        });
    }

    Uni<ResourceService.Fetched> scale(Caller caller, ClusterTarget target, String namespace,
                                       String name, JsonNode body, boolean dryRun) {
        ApiResourceType type = target.type();
        JsonNode replicas = body == null ? null : body.get("replicas");
        if (replicas == null || !replicas.canConvertToInt() || replicas.asInt() < 0) {
            throw ProblemException.badRequest("invalid-replicas", "Give {\"replicas\": n} with n >= 0");
        }
        if (!type.subresources().contains("scale") && !SCALABLE_KINDS.contains(type.kind())) {
            throw ProblemException.unprocessable("not-scalable", "Cannot be scaled",
                    type.qualifiedName() + " has no scale subresource");
        }
        int wanted = replicas.asInt();
        return resources.get(target, namespace, name).chain(current -> {
            Object before = current.object().spec().get("replicas");
            return resources.patch(caller, target, namespace, name, PatchKind.MERGE,
                    "{\"spec\":{\"replicas\":" + wanted + "}}", dryRun, "scale",
                    f -> "replicas " + (before == null ? "unset" : before) + " -> " + wanted);
        });
    }

    Uni<ResourceService.Fetched> restart(Caller caller, ClusterTarget target, String namespace,
                                         String name, boolean dryRun) {
        ApiResourceType type = target.type();
        if (!RESTARTABLE_KINDS.contains(type.kind())) {
            throw ProblemException.unprocessable("not-restartable", "Cannot be restarted",
                    "Rollout restart works on Deployments, StatefulSets, DaemonSets and CloneSets, not " + type.kind());
        }
        String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        return resources.patch(caller, target, namespace, name, PatchKind.MERGE,
                "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"" + now + "\"}}}}}",
                dryRun, "restart", f -> "restartedAt " + now);
    }

    /** A Deployment's revisions, newest first, from the ReplicaSets it owns. */
    public Uni<List<Revision>> revisions(String cluster, String resource, String namespace, String name) {
        return resources.target(cluster, resource).chain(target -> {
            requireKind(target.type(), "Deployment", "Revisions");
            return rollout(target, namespace, name).map(r -> revisionsOf(r.deployment(), r.replicaSets()));
        });
    }

    /** A Deployment and the ReplicaSets of its namespace, among which its revisions are. */
    record Rollout(KubeObject deployment, List<KubeObject> replicaSets) {
    }

    private Uni<Rollout> rollout(ClusterTarget target, String namespace, String name) {
        return resources.get(target, namespace, name)
                .chain(deployment -> resources.list(target.cluster(), "replicasets.apps", namespace, null, null, null, null)
                        .map(list -> new Rollout(deployment.object(), list.items())));
    }

    public record Revision(long revision, String replicaSet, List<String> images, String changeCause,
                           String createdAt, boolean current, Integer replicas) {
    }

    static List<Revision> revisionsOf(KubeObject deployment, List<KubeObject> replicaSets) {
        String uid = deployment.uid();
        String currentRevision = deployment.annotation(REVISION);
        List<Revision> result = new ArrayList<>();
        for (KubeObject rs : replicaSets) {
            boolean owned = rs.owners().stream().anyMatch(o -> uid != null && uid.equals(o.uid()))
                    || rs.owners().stream()
                    .anyMatch(o -> "Deployment".equals(o.kind()) && deployment.name().equals(o.name()));
            String revision = rs.annotation(REVISION);
            if (!owned || revision == null || !revision.matches("[0-9]{1,18}")) {
                // the Deployment controller numbers revisions; anything else was written by hand and is no revision
                continue;
            }
            JsonNode json = rs.json();
            JsonNode template = json.path("spec").path("template");
            List<String> images = new ArrayList<>();
            template.path("spec").path("containers").forEach(c -> images.add(c.path("image").asText()));
            JsonNode replicas = json.path("spec").path("replicas");
            result.add(new Revision(Long.parseLong(revision), rs.name(), images,
                    rs.annotation(CHANGE_CAUSE), rs.creationTimestamp(),
                    revision.equals(currentRevision), replicas.isMissingNode() ? null : replicas.asInt()));
        }
        result.sort(Comparator.comparingLong(Revision::revision).reversed());
        return result;
    }

    Uni<ResourceService.Fetched> undo(Caller caller, ClusterTarget target, String namespace,
                                      String name, JsonNode body, boolean dryRun) {
        ApiResourceType type = target.type();
        requireKind(type, "Deployment", "Rollout undo");
        if (body != null && body.has("revision") && !(body.get("revision").canConvertToLong() && body.get("revision").asLong() >= 0)) {
            throw ProblemException.badRequest("invalid-revision", "revision is a whole number (0 or absent: the previous one)");
        }
        long wanted = body != null && body.has("revision") ? body.get("revision").asLong() : 0;
        return rollout(target, namespace, name)
                .chain(rollout -> {
                    List<Revision> revisions = revisionsOf(rollout.deployment(), rollout.replicaSets());
                    Revision chosen = pick(revisions, wanted);
                    KubeObject rs = rollout.replicaSets().stream()
                            .filter(r -> r.name().equals(chosen.replicaSet())).findFirst().orElseThrow();
                    ObjectNode template = (ObjectNode) rs.json().path("spec").path("template").deepCopy();
                    JsonNode labels = template.path("metadata").path("labels");
                    if (labels.isObject()) {
                        ((ObjectNode) labels).remove("pod-template-hash");
                    }
                    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
                    patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", template);
                    return resources.patch(caller, target, namespace, name, PatchKind.JSON, patch.toString(),
                            dryRun, "undo", f -> "to revision " + chosen.revision() + " (" + chosen.replicaSet() + ")");
                });
    }

    private static Revision pick(List<Revision> revisions, long wanted) {
        if (revisions.isEmpty()) {
            throw ProblemException.unprocessable("no-revisions", "No revisions", "The Deployment has no ReplicaSet revisions");
        }
        if (wanted > 0) {
            return revisions.stream().filter(r -> r.revision() == wanted).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("revision-not-found", "Revision not found",
                            "No revision " + wanted + "; revisions: " + revisions.stream().map(r -> String.valueOf(r.revision())).toList()));
        }
        return revisions.stream().filter(r -> !r.current()).findFirst()
                .orElseThrow(() -> ProblemException.unprocessable("no-previous-revision", "No previous revision",
                        "The Deployment has only its current revision"));
    }

    /**
     * A Deployment's rollout as {@code kubectl rollout status} judges it: {@code done} when every replica is updated
     * and available, {@code failed} when its progress deadline passed; the counts are the Deployment's own.
     */
    public record RolloutStatus(boolean done, boolean failed, String message, int desired, int updated, int ready,
                                int available, int replicas) {
    }

    /** Progress of a Deployment's rollout, as {@code kubectl rollout status} judges it. */
    public Uni<RolloutStatus> rolloutStatus(String cluster, String resource, String namespace, String name) {
        return resources.target(cluster, resource).chain(target -> {
            requireKind(target.type(), "Deployment", "Rollout status");
            return resources.get(target, namespace, name).map(f -> rolloutStatus(f.object().json()));
        });
    }

    static RolloutStatus rolloutStatus(JsonNode d) {
        long generation = d.path("metadata").path("generation").asLong(0);
        JsonNode status = d.path("status");
        long observed = status.path("observedGeneration").asLong(0);
        int desired = d.path("spec").path("replicas").asInt(1);
        int updated = status.path("updatedReplicas").asInt(0);
        int total = status.path("replicas").asInt(0);
        int available = status.path("availableReplicas").asInt(0);
        int ready = status.path("readyReplicas").asInt(0);
        String message;
        boolean done = false;
        boolean failed = false;
        for (JsonNode c : status.path("conditions")) {
            if ("Progressing".equals(c.path("type").asText()) && "ProgressDeadlineExceeded".equals(c.path("reason").asText())) {
                failed = true;
            }
        }
        if (failed) {
            message = "deployment exceeded its progress deadline";
        } else if (generation > observed) {
            message = "waiting for the rollout to be observed";
        } else if (updated < desired) {
            message = updated + " of " + desired + " new replicas updated";
        } else if (total > updated) {
            message = (total - updated) + " old replicas pending termination";
        } else if (available < updated) {
            message = available + " of " + updated + " updated replicas available";
        } else {
            message = "successfully rolled out";
            done = true;
        }
        return new RolloutStatus(done, failed, message, desired, updated, ready, available, total);
    }

    Uni<ResourceService.Fetched> suspend(Caller caller, ClusterTarget target, String namespace,
                                         String name, boolean suspend, boolean dryRun) {
        requireKind(target.type(), "CronJob", suspend ? "Suspend" : "Resume");
        return resources.patch(caller, target, namespace, name, PatchKind.MERGE,
                "{\"spec\":{\"suspend\":" + suspend + "}}", dryRun, suspend ? "suspend" : "resume", f -> "suspend " + suspend);
    }

    Uni<ResourceService.Fetched> trigger(Caller caller, ClusterTarget target, String namespace,
                                         String name, boolean dryRun) {
        ApiResourceType type = target.type();
        requireKind(type, "CronJob", "Trigger");
        return resources.get(target, namespace, name).chain(cronJob ->
                resources.target(target.cluster(), "batch", "jobs").chain(jobs -> {
                    KubeObject job = jobFrom(cronJob.object());
                    return resources.createFor(caller, jobs, namespace, job, dryRun,
                            new Audit.Target(target.cluster(), "trigger", type.qualifiedName(), namespace, name, dryRun),
                            f -> "job " + f.object().name());
                }));
    }

    static KubeObject jobFrom(KubeObject cronJob) {
        JsonNode template = cronJob.json().path("spec").path("jobTemplate");
        ObjectNode job = JsonNodeFactory.instance.objectNode();
        job.put("apiVersion", "batch/v1").put("kind", "Job");
        ObjectNode metadata = job.putObject("metadata");
        String suffix = Long.toString(Instant.now().getEpochSecond() % 100_000_000L, 36);
        String base = cronJob.name();
        metadata.put("name", (base.length() > 44 ? base.substring(0, 44) : base) + "-manual-" + suffix);
        metadata.put("namespace", cronJob.namespace());
        if (template.path("metadata").has("labels")) {
            metadata.set("labels", template.path("metadata").path("labels"));
        }
        metadata.putObject("annotations").put("cronjob.kubernetes.io/instantiate", "manual");
        job.set("spec", template.path("spec").deepCopy());
        return KubeObject.fromManifest(job, new KubeObject.Owner(cronJob.apiVersion(), cronJob.kind(), cronJob.name(),
                cronJob.uid()));
    }

    Uni<ResourceService.Fetched> cordon(Caller caller, ClusterTarget target, String name, boolean cordon,
                                        boolean dryRun) {
        requireKind(target.type(), "Node", cordon ? "Cordon" : "Uncordon");
        return resources.patch(caller, target, null, name, PatchKind.MERGE,
                "{\"spec\":{\"unschedulable\":" + (cordon ? "true" : "null") + "}}", dryRun, cordon ? "cordon" : "uncordon",
                f -> cordon ? "unschedulable" : "schedulable");
    }

    private static void requireKind(ApiResourceType type, String kind, String what) {
        if (!kind.equals(type.kind()) || !(type.group().isEmpty() || "apps".equals(type.group()) || "batch".equals(type.group()))) {
            throw ProblemException.unprocessable("action-not-applicable", "Not applicable",
                    what + " applies to " + kind + "s, not to " + type.qualifiedName());
        }
    }
}
