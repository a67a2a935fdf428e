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
 * Decides that pods were evicted and by what pressure: evicted pods are grouped by the node that evicted them (the
 * node is the cause), with the kubelet's message naming the resource and the container that used it.
 */
public final class PodEvictionAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        Map<String, List<JsonNode>> byNode = new TreeMap<>();
        for (JsonNode pod : snapshot.all("Pod")) {
            if ("Failed".equals(text(pod, "status", "phase")) && "Evicted".equals(text(pod, "status", "reason"))) {
                String node = text(pod, "spec", "nodeName");
                byNode.computeIfAbsent(node == null ? "" : node, k -> new ArrayList<>()).add(pod);
            }
        }
        List<Finding> findings = new ArrayList<>();
        byNode.forEach((node, pods) -> {
            ObjectRef nodeRef = ObjectRef.of("Node", null, node);
            boolean nodeKnown = !node.isEmpty() && snapshot.contains(nodeRef);
            List<ObjectRef> podRefs = new ArrayList<>();
            List<Evidence> evidence = new ArrayList<>();
            for (JsonNode pod : pods) {
                ObjectRef ref = Pods.ref(pod);
                podRefs.add(ref);
                if (evidence.size() < 5) {
                    evidence.add(Evidence.status(ref, "status.message", KubeObjects.clip(text(pod, "status", "message"), 240),
                            text(pod, "status", "startTime")));
                }
            }
            JsonNode first = pods.get(0);
            String message = KubeObjects.clip(text(first, "status", "message"), 240);
            ObjectRef object = nodeKnown ? nodeRef : Pods.ref(first);
            String where = node.isEmpty() ? "" : " from node " + node;
            findings.add(Finding.of(DiagnosisCode.POD_EVICTED, object,
                    pods.size() + " pod" + (pods.size() == 1 ? " was" : "s were") + " evicted" + where
                            + ", e.g. " + Pods.ref(first).namespace() + "/" + Pods.ref(first).name() + ": \"" + message + "\".",
                    podRefs, evidence,
                    "Set memory/ephemeral-storage requests close to real use so the kubelet evicts the right pods, "
                            + "and give the node more headroom; delete the Failed pods once understood."));
        });
        return findings;
    }
}
