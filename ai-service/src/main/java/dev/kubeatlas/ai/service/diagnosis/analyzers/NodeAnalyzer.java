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

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides that a node is NotReady (kubelet's reason and last heartbeat), under Memory/Disk/PID pressure, or cordoned;
 * the pods on it are its symptoms. Conditions of other types (node-problem-detector's, for instance) are not judged.
 */
public final class NodeAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode node : snapshot.all("Node")) {
            ObjectRef ref = KubeObjects.ref("Node", node);
            List<ObjectRef> pods = snapshot.podsOnNode(ref.name()).stream().filter(p -> !Pods.terminal(p)).map(Pods::ref).toList();
            JsonNode ready = KubeObjects.condition(node, "Ready");
            if (ready != null && !"True".equals(text(ready, "status"))) {
                findings.add(Finding.of(DiagnosisCode.NODE_NOT_READY, ref,
                        "Node " + ref.name() + " is NotReady (Ready=" + text(ready, "status") + ", " + text(ready, "reason") + ": "
                                + KubeObjects.clip(text(ready, "message"), 160) + ") since " + text(ready, "lastTransitionTime")
                                + ", last heartbeat " + text(ready, "lastHeartbeatTime") + ", with " + pods.size() + " pods on it.",
                        pods, List.of(Evidence.status(ref, "status.conditions[Ready]", text(ready, "status") + " " + text(ready, "reason"),
                                text(ready, "lastTransitionTime"))),
                        "Check the kubelet and container runtime on the node and its network to the control plane; drain it if it does not recover."));
                continue;
            }
            for (String type : List.of("MemoryPressure", "DiskPressure", "PIDPressure")) {
                JsonNode c = KubeObjects.condition(node, type);
                if (c != null && "True".equals(text(c, "status"))) {
                    findings.add(Finding.of(DiagnosisCode.NODE_PRESSURE, ref,
                            "Node " + ref.name() + " reports " + type + " (" + KubeObjects.clip(text(c, "message"), 160)
                                    + ") since " + text(c, "lastTransitionTime") + ", so the kubelet evicts pods and the scheduler avoids it.",
                            pods, List.of(Evidence.status(ref, "status.conditions[" + type + "]", "True " + text(c, "reason"),
                                    text(c, "lastTransitionTime"))),
                            "Free or add " + type.replace("Pressure", "").toLowerCase(java.util.Locale.ROOT)
                                    + " on the node, or move workloads away; set requests close to real use."));
                    break;
                }
            }
            if (KubeObjects.bool(node, "spec", "unschedulable")) {
                findings.add(Finding.of(DiagnosisCode.NODE_UNSCHEDULABLE, ref,
                        "Node " + ref.name() + " is cordoned (spec.unschedulable=true): no new pods are placed on it.",
                        List.of(), List.of(Evidence.spec(ref, "spec.unschedulable", true)),
                        "Uncordon the node (kubectl uncordon) when its maintenance is over."));
            }
        }
        return findings;
    }
}
