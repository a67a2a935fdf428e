package dev.kubeatlas.workload.insight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.resources.ResourceService;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a workload's pods may run, node by node, and why not where they may not: node not Ready, cordoned, a taint
 * the pods do not tolerate, nodeSelector or required node affinity not matched, required pod (anti-)affinity on the
 * node's hostname not met. Preferred node affinity is scored, as the scheduler would weigh it.
 */
@ApplicationScoped
public class Placement {

    private final ResourceService resources;
    private final Snapshots snapshots;

    public Placement(ResourceService resources, Snapshots snapshots) {
        this.resources = resources;
        this.snapshots = snapshots;
    }

    public record NodeFit(String node, boolean fits, List<String> reasons, int preferenceScore, boolean ready,
                          boolean cordoned, List<String> taints, Map<String, String> labels, int podsOfWorkload) {
    }

    public record Result(String workload, String namespace, Map<String, String> nodeSelector, JsonNode affinity,
                         JsonNode tolerations, List<NodeFit> nodes, int fitting) {
    }

    public Uni<Result> of(String cluster, String resource, String namespace, String name) {
        return resources.get(cluster, resource, namespace, name).chain(found -> {
            JsonNode object = Manifests.toNode(found.object());
            JsonNode podSpec = podSpec(object);
            if (podSpec == null) {
                throw ProblemException.unprocessable("no-pod-template", "Not a workload",
                        found.type().qualifiedName() + " has no pod template");
            }
            String ns = found.object().getMetadata().getNamespace();
            return snapshots.load(cluster, null, List.of("nodes", "pods")).map(snapshot -> evaluate(
                    found.type().kind() + "/" + name, ns, object, podSpec, snapshot.of("", "nodes"), snapshot.of("", "pods")));
        });
    }

    static JsonNode podSpec(JsonNode object) {
        String kind = object.path("kind").asText();
        if ("Pod".equals(kind)) {
            return object.path("spec");
        }
        if ("CronJob".equals(kind)) {
            return object.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
        }
        JsonNode template = object.path("spec").path("template").path("spec");
        return template.isMissingNode() ? null : template;
    }

    static Result evaluate(String workload, String namespace, JsonNode object, JsonNode podSpec,
                           List<GenericKubernetesResource> nodes, List<GenericKubernetesResource> pods) {
        Map<String, String> templateLabels = Relations.strings(object.path("spec").path("template").path("metadata").path("labels"));
        Map<String, List<GenericKubernetesResource>> podsByNode = pods.stream().collect(Collectors.groupingBy(
                p -> Manifests.toNode(p).path("spec").path("nodeName").asText("")));
        List<NodeFit> fits = new ArrayList<>();
        for (GenericKubernetesResource n : nodes) {
            JsonNode node = Manifests.toNode(n);
            String nodeName = n.getMetadata().getName();
            Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
            List<String> reasons = new ArrayList<>();
            boolean ready = false;
            for (JsonNode c : node.path("status").path("conditions")) {
                if ("Ready".equals(c.path("type").asText())) {
                    ready = "True".equals(c.path("status").asText());
                }
            }
            if (!ready) {
                reasons.add("node is not Ready");
            }
            boolean cordoned = node.path("spec").path("unschedulable").asBoolean(false);
            if (cordoned) {
                reasons.add("node is cordoned (unschedulable)");
            }
            List<String> taints = new ArrayList<>();
            for (JsonNode taint : node.path("spec").path("taints")) {
                String text = taint.path("key").asText() + (taint.has("value") ? "=" + taint.path("value").asText() : "")
                        + ":" + taint.path("effect").asText();
                taints.add(text);
                String effect = taint.path("effect").asText();
                if (("NoSchedule".equals(effect) || "NoExecute".equals(effect)) && !tolerated(taint, podSpec.path("tolerations"))) {
                    reasons.add("taint " + text + " is not tolerated");
                }
            }
            Map<String, String> selector = Relations.strings(podSpec.path("nodeSelector"));
            selector.forEach((k, v) -> {
                if (!v.equals(labels.get(k))) {
                    reasons.add("nodeSelector " + k + "=" + v + " does not match (node has " + (labels.containsKey(k) ? k + "=" + labels.get(k) : "no " + k) + ")");
                }
            });
            JsonNode required = podSpec.path("affinity").path("nodeAffinity").path("requiredDuringSchedulingIgnoredDuringExecution");
            if (required.has("nodeSelectorTerms")) {
                boolean any = false;
                for (JsonNode term : required.path("nodeSelectorTerms")) {
                    if (termMatches(term, labels, nodeName)) {
                        any = true;
                    }
                }
                if (!any) {
                    reasons.add("required node affinity does not match");
                }
            }
            int score = 0;
            for (JsonNode preferred : podSpec.path("affinity").path("nodeAffinity").path("preferredDuringSchedulingIgnoredDuringExecution")) {
                if (termMatches(preferred.path("preference"), labels, nodeName)) {
                    score += preferred.path("weight").asInt(0);
                }
            }
            List<GenericKubernetesResource> onNode = podsByNode.getOrDefault(nodeName, List.of());
            podAffinity(podSpec, namespace, onNode, reasons);
            int own = (int) onNode.stream().filter(p -> namespace.equals(p.getMetadata().getNamespace())
                    && !templateLabels.isEmpty() && Relations.matches(templateLabels, p.getMetadata().getLabels())).count();
            fits.add(new NodeFit(nodeName, reasons.isEmpty(), reasons, score, ready, cordoned, taints, labels, own));
        }
        return new Result(workload, namespace, Relations.strings(podSpec.path("nodeSelector")), podSpec.path("affinity"),
                podSpec.path("tolerations"), fits, (int) fits.stream().filter(NodeFit::fits).count());
    }

    /** Required pod affinity and anti-affinity with the hostname topology: judged against the pods on the node. */
    private static void podAffinity(JsonNode podSpec, String namespace, List<GenericKubernetesResource> onNode,
                                    List<String> reasons) {
        for (JsonNode term : podSpec.path("affinity").path("podAntiAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")) {
            if ("kubernetes.io/hostname".equals(term.path("topologyKey").asText())
                    && onNode.stream().anyMatch(p -> podMatches(term, namespace, p))) {
                reasons.add("pod anti-affinity: the node already runs a pod matching " + term.path("labelSelector"));
            }
        }
        for (JsonNode term : podSpec.path("affinity").path("podAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")) {
            if ("kubernetes.io/hostname".equals(term.path("topologyKey").asText())
                    && onNode.stream().noneMatch(p -> podMatches(term, namespace, p))) {
                reasons.add("pod affinity: no pod matching " + term.path("labelSelector") + " runs on the node");
            }
        }
    }

    private static boolean podMatches(JsonNode term, String namespace, GenericKubernetesResource pod) {
        Set<String> namespaces = new HashSet<>();
        term.path("namespaces").forEach(n -> namespaces.add(n.asText()));
        if (namespaces.isEmpty()) {
            namespaces.add(namespace);
        }
        if (!namespaces.contains(pod.getMetadata().getNamespace())) {
            return false;
        }
        return labelSelectorMatches(term.path("labelSelector"), pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels());
    }

    static boolean labelSelectorMatches(JsonNode selector, Map<String, String> labels) {
        if (!Relations.matches(Relations.strings(selector.path("matchLabels")), labels)) {
            return false;
        }
        for (JsonNode e : selector.path("matchExpressions")) {
            if (!expression(e, labels.get(e.path("key").asText()), labels.containsKey(e.path("key").asText()))) {
                return false;
            }
        }
        return true;
    }

    static boolean termMatches(JsonNode term, Map<String, String> labels, String nodeName) {
        for (JsonNode e : term.path("matchExpressions")) {
            String key = e.path("key").asText();
            if (!expression(e, labels.get(key), labels.containsKey(key))) {
                return false;
            }
        }
        for (JsonNode e : term.path("matchFields")) {
            if ("metadata.name".equals(e.path("key").asText()) && !expression(e, nodeName, true)) {
                return false;
            }
        }
        return true;
    }

    private static boolean expression(JsonNode e, String value, boolean present) {
        List<String> values = new ArrayList<>();
        e.path("values").forEach(v -> values.add(v.asText()));
        return switch (e.path("operator").asText()) {
            case "In" -> present && values.contains(value);
            case "NotIn" -> !present || !values.contains(value);
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            case "Gt" -> present && compare(value, values) > 0;
            case "Lt" -> present && compare(value, values) < 0;
            default -> false;
        };
    }

    private static int compare(String value, List<String> values) {
        try {
            return Long.compare(Long.parseLong(value), Long.parseLong(values.get(0)));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static boolean tolerated(JsonNode taint, JsonNode tolerations) {
        for (JsonNode t : tolerations) {
            String operator = t.path("operator").asText("Equal");
            boolean keyMatches = t.path("key").asText("").isEmpty() && "Exists".equals(operator)
                    || t.path("key").asText().equals(taint.path("key").asText());
            boolean valueMatches = "Exists".equals(operator) || t.path("value").asText("").equals(taint.path("value").asText(""));
            boolean effectMatches = t.path("effect").asText("").isEmpty() || t.path("effect").asText().equals(taint.path("effect").asText());
            if (keyMatches && valueMatches && effectMatches) {
                return true;
            }
        }
        return false;
    }
}
