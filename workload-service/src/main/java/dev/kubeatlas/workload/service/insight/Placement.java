package dev.kubeatlas.workload.service.insight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.workload.kube.KubeObject;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.kube.Quantities;
import dev.kubeatlas.workload.service.ResourceService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a workload's pods may run, node by node, and why not where they may not: node not Ready, cordoned, a taint
 * the pods do not tolerate, nodeSelector or required node affinity not matched, required pod (anti-)affinity on the
 * node's hostname not met, requests (cpu, memory, any extended resource, pod count) above what the node has free
 * after the requests of the pods it runs. Preferred node affinity is scored, as the scheduler would weigh it; what
 * it cannot judge (affinity over zones, topology spread) makes the verdict {@code unknown}.
 */
@ApplicationScoped
public class Placement {

    private final ResourceService resources;
    private final Snapshots snapshots;

    public Placement(ResourceService resources, Snapshots snapshots) {
        this.resources = resources;
        this.snapshots = snapshots;
    }

    /**
     * @param verdict {@code fits}, {@code does-not-fit} (see {@code reasons}) or {@code unknown} (nothing rules the
     *                node out, but {@code unknowns} names what could not be judged)
     * @param resources per resource the pod requests: the node's allocatable, what its pods already request, what is free
     */
    public record NodeFit(String node, boolean fits, String verdict, List<String> reasons, List<String> unknowns,
                          int preferenceScore, boolean ready, boolean cordoned, List<String> taints,
                          Map<String, String> labels, int podsOfWorkload, Map<String, ResourceFit> resources) {
    }

    /** Amounts in the resource's base unit: cores for cpu, bytes for memory and storage, a count otherwise. */
    public record ResourceFit(BigDecimal requested, BigDecimal allocatable, BigDecimal alreadyRequested, BigDecimal free) {
    }

    public record Result(String workload, String namespace, Map<String, String> nodeSelector, JsonNode affinity,
                         JsonNode tolerations, Map<String, BigDecimal> podRequests, List<NodeFit> nodes, int fitting) {
    }

    public Uni<Result> of(String cluster, String resource, String namespace, String name) {
        return resources.get(cluster, resource, namespace, name).chain(found -> {
            JsonNode object = Manifests.toNode(found.object());
            JsonNode podSpec = podSpec(object);
            if (podSpec == null) {
                throw ProblemException.unprocessable("no-pod-template", "Not a workload",
                        found.type().qualifiedName() + " has no pod template");
            }
            String ns = found.object().namespace();
            // weighing every node against the pods it runs is CPU work: a worker thread does it
            return snapshots.load(cluster, null, List.of("nodes", "pods")).chain(snapshot -> Blocking.call(() -> evaluate(
                    found.type().kind() + "/" + name, ns, object, podSpec, snapshot.of("", "nodes"), snapshot.of("", "pods"))));
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
                           List<KubeObject> nodes, List<KubeObject> pods) {
        Map<String, String> templateLabels = Relations.strings(object.path("spec").path("template").path("metadata").path("labels"));
        Map<String, List<KubeObject>> podsByNode = pods.stream().collect(Collectors.groupingBy(
                p -> Manifests.toNode(p).path("spec").path("nodeName").asText("")));
        Map<String, BigDecimal> wanted = podRequests(podSpec);
        List<NodeFit> fits = new ArrayList<>();
        for (KubeObject n : nodes) {
            JsonNode node = Manifests.toNode(n);
            String nodeName = n.name();
            Map<String, String> labels = n.labels() == null ? Map.of() : n.labels();
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
            List<KubeObject> onNode = podsByNode.getOrDefault(nodeName, List.of());
            List<String> unknowns = new ArrayList<>();
            podAffinity(podSpec, namespace, onNode, reasons, unknowns);
            Map<String, ResourceFit> resources = resourceFit(wanted, node, onNode, reasons);
            int own = (int) onNode.stream().filter(p -> namespace.equals(p.namespace())
                    && !templateLabels.isEmpty() && Relations.matches(templateLabels, p.labels())).count();
            String verdict = !reasons.isEmpty() ? "does-not-fit" : unknowns.isEmpty() ? "fits" : "unknown";
            fits.add(new NodeFit(nodeName, verdict.equals("fits"), verdict, reasons, unknowns, score, ready, cordoned,
                    taints, labels, own, resources));
        }
        return new Result(workload, namespace, Relations.strings(podSpec.path("nodeSelector")), podSpec.path("affinity"),
                podSpec.path("tolerations"), wanted, fits, (int) fits.stream().filter(NodeFit::fits).count());
    }

    /**
     * What one pod requests, as the scheduler counts it: the sum over its containers, or the largest init container
     * when that is more, plus the pod's overhead.
     */
    static Map<String, BigDecimal> podRequests(JsonNode podSpec) {
        Map<String, BigDecimal> sum = new TreeMap<>();
        for (JsonNode c : podSpec.path("containers")) {
            quantities(c.path("resources").path("requests")).forEach((k, v) -> sum.merge(k, v, BigDecimal::add));
        }
        for (JsonNode c : podSpec.path("initContainers")) {
            quantities(c.path("resources").path("requests")).forEach((k, v) -> sum.merge(k, v, BigDecimal::max));
        }
        quantities(podSpec.path("overhead")).forEach((k, v) -> sum.merge(k, v, BigDecimal::add));
        return sum;
    }

    /** Each requested resource against the node's allocatable less what the pods running there already request. */
    private static Map<String, ResourceFit> resourceFit(Map<String, BigDecimal> wanted, JsonNode node,
                                                       List<KubeObject> onNode, List<String> reasons) {
        Map<String, BigDecimal> allocatable = quantities(node.path("status").path("allocatable"));
        Map<String, BigDecimal> used = new TreeMap<>();
        int running = 0;
        for (KubeObject p : onNode) {
            JsonNode pod = Manifests.toNode(p);
            String phase = pod.path("status").path("phase").asText("");
            if (phase.equals("Succeeded") || phase.equals("Failed")) {
                continue;
            }
            running++;
            podRequests(pod.path("spec")).forEach((k, v) -> used.merge(k, v, BigDecimal::add));
        }
        Map<String, ResourceFit> result = new TreeMap<>();
        for (Map.Entry<String, BigDecimal> w : wanted.entrySet()) {
            BigDecimal has = allocatable.get(w.getKey());
            BigDecimal already = used.getOrDefault(w.getKey(), BigDecimal.ZERO);
            if (has == null) {
                if (w.getValue().signum() > 0) {
                    reasons.add("the node offers no " + w.getKey());
                }
                continue;
            }
            BigDecimal free = has.subtract(already).max(BigDecimal.ZERO);
            result.put(w.getKey(), new ResourceFit(w.getValue(), has, already, free));
            if (w.getValue().compareTo(free) > 0) {
                reasons.add("insufficient " + w.getKey() + ": the pod requests " + plain(w.getValue()) + ", the node has "
                        + plain(has) + " allocatable of which " + plain(already) + " is requested, " + plain(free) + " free");
            }
        }
        BigDecimal maxPods = allocatable.get("pods");
        if (maxPods != null && BigDecimal.valueOf(running + 1L).compareTo(maxPods) > 0) {
            reasons.add("the node already runs " + running + " pods, its limit is " + plain(maxPods));
        }
        return result;
    }

    static Map<String, BigDecimal> quantities(JsonNode amounts) {
        Map<String, BigDecimal> result = new TreeMap<>();
        amounts.fields().forEachRemaining(e -> {
            try {
                result.put(e.getKey(), Quantities.parsedAmount(e.getValue().asText()));
            } catch (RuntimeException malformed) {
                // the API server validates quantities; one it let through that does not parse is left out
            }
        });
        return result;
    }

    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }

    /** Required pod affinity and anti-affinity with the hostname topology: judged against the pods on the node. */
    /**
     * Required pod affinity and anti-affinity with the hostname topology: judged against the pods on the node. Any
     * other topology (zone, region) spans nodes this view does not weigh together: it is named as not judged.
     */
    private static void podAffinity(JsonNode podSpec, String namespace, List<KubeObject> onNode,
                                    List<String> reasons, List<String> unknowns) {
        for (JsonNode term : podSpec.path("affinity").path("podAntiAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")) {
            if (!HOSTNAME.equals(term.path("topologyKey").asText())) {
                unknowns.add("pod anti-affinity over topology " + term.path("topologyKey").asText() + " is not judged");
            } else if (onNode.stream().anyMatch(p -> podMatches(term, namespace, p))) {
                reasons.add("pod anti-affinity: the node already runs a pod matching " + term.path("labelSelector"));
            }
        }
        for (JsonNode term : podSpec.path("affinity").path("podAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")) {
            if (!HOSTNAME.equals(term.path("topologyKey").asText())) {
                unknowns.add("pod affinity over topology " + term.path("topologyKey").asText() + " is not judged");
            } else if (onNode.stream().noneMatch(p -> podMatches(term, namespace, p))) {
                reasons.add("pod affinity: no pod matching " + term.path("labelSelector") + " runs on the node");
            }
        }
        if (podSpec.path("topologySpreadConstraints").size() > 0) {
            unknowns.add("topology spread constraints are not judged");
        }
    }

    static final String HOSTNAME = "kubernetes.io/hostname";

    private static boolean podMatches(JsonNode term, String namespace, KubeObject pod) {
        Set<String> namespaces = new HashSet<>();
        term.path("namespaces").forEach(n -> namespaces.add(n.asText()));
        if (namespaces.isEmpty()) {
            namespaces.add(namespace);
        }
        if (!namespaces.contains(pod.namespace())) {
            return false;
        }
        return labelSelectorMatches(term.path("labelSelector"), pod.labels() == null ? Map.of() : pod.labels());
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
