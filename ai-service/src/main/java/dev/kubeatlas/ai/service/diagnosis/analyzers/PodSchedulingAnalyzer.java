package dev.kubeatlas.ai.service.diagnosis.analyzers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.ai.service.diagnosis.Analyzer;
import dev.kubeatlas.ai.service.diagnosis.ClusterSnapshot;
import dev.kubeatlas.ai.service.diagnosis.DiagnosisCode;
import dev.kubeatlas.ai.service.diagnosis.Evidence;
import dev.kubeatlas.ai.service.diagnosis.Finding;
import dev.kubeatlas.ai.service.diagnosis.KubeObjects;
import dev.kubeatlas.ai.service.diagnosis.ObjectRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides why a Pending pod is not scheduled: the scheduler's own reason from the {@code PodScheduled} condition or
 * the latest {@code FailedScheduling} event, completed with what the pod asks for when the reason is about
 * resources, node selectors or taints.
 */
public final class PodSchedulingAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode pod : snapshot.all("Pod")) {
            if (!"Pending".equals(text(pod, "status", "phase")) || text(pod, "spec", "nodeName") != null) {
                continue;
            }
            ObjectRef ref = Pods.ref(pod);
            JsonNode scheduled = KubeObjects.condition(pod, "PodScheduled");
            List<JsonNode> events = snapshot.eventsFor(ref).stream()
                    .filter(e -> "FailedScheduling".equals(text(e, "reason"))).toList();
            JsonNode event = events.isEmpty() ? null : events.get(events.size() - 1);
            String message = event != null ? text(event, "message")
                    : scheduled != null && "False".equals(text(scheduled, "status")) ? text(scheduled, "message") : null;
            if (message == null) {
                continue;
            }
            List<Evidence> evidence = new ArrayList<>();
            if (scheduled != null) {
                evidence.add(Evidence.status(ref, "status.conditions[PodScheduled]",
                        text(scheduled, "status") + " " + text(scheduled, "reason"), text(scheduled, "lastTransitionTime")));
            }
            if (event != null) {
                evidence.add(Evidence.event(ref, "FailedScheduling", text(event, "message"),
                        String.valueOf(ClusterSnapshot.eventTime(event))));
            }
            String detail = detail(pod, message, ref, evidence);
            findings.add(Finding.of(DiagnosisCode.POD_UNSCHEDULABLE, ref,
                    "Pod " + ref.namespace() + "/" + ref.name() + " cannot be scheduled: "
                            + KubeObjects.clip(message, 300) + detail + ".",
                    List.of(), evidence,
                    remediation(message)));
        }
        return findings;
    }

    private static String detail(JsonNode pod, String message, ObjectRef ref, List<Evidence> evidence) {
        StringBuilder sb = new StringBuilder();
        if (message.contains("Insufficient")) {
            Map<String, String> requests = new TreeMap<>();
            for (JsonNode c : KubeObjects.list(pod, "spec", "containers")) {
                KubeObjects.stringMap(c, "resources", "requests").forEach((k, v) -> {
                    requests.merge(k, v, (a, b) -> a + "+" + b);
                    evidence.add(Evidence.spec(ref, "spec.containers[" + text(c, "name") + "].resources.requests." + k, v));
                });
            }
            if (!requests.isEmpty()) {
                sb.append(" (the pod requests ").append(KubeObjects.labelsText(requests)).append(')');
            }
        }
        Map<String, String> nodeSelector = KubeObjects.stringMap(pod, "spec", "nodeSelector");
        if (message.contains("node affinity/selector") && !nodeSelector.isEmpty()) {
            sb.append(" (nodeSelector ").append(KubeObjects.labelsText(nodeSelector)).append(')');
            evidence.add(Evidence.spec(ref, "spec.nodeSelector", KubeObjects.labelsText(nodeSelector)));
        }
        return sb.toString();
    }

    private static String remediation(String message) {
        if (message.contains("Insufficient")) {
            return "Lower the pod's resource requests, free capacity, or add nodes (or let the cluster autoscaler add them).";
        }
        if (message.contains("taint")) {
            return "Add a toleration for the taint to the pod, or remove the taint from the nodes meant to run it.";
        }
        if (message.contains("affinity") || message.contains("selector")) {
            return "Label a node to match the pod's nodeSelector/affinity, or correct the selector.";
        }
        if (message.contains("PersistentVolumeClaim")) {
            return "Make the pod's PersistentVolumeClaims bindable (see the PVC's own finding).";
        }
        return "Resolve the scheduler's reason stated in the summary.";
    }
}
