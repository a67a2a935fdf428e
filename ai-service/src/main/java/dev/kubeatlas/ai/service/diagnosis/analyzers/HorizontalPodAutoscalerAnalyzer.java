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

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.list;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.number;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides why a HorizontalPodAutoscaler (autoscaling/v2) cannot do its job: its scale target does not exist, it
 * scales on CPU/memory utilization of containers that declare no request for that resource, or it is pinned at
 * maxReplicas. An HPA resting at its minimum is fine.
 */
public final class HorizontalPodAutoscalerAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode hpa : snapshot.all("HorizontalPodAutoscaler")) {
            ObjectRef ref = KubeObjects.ref("HorizontalPodAutoscaler", hpa);
            String kind = text(hpa, "spec", "scaleTargetRef", "kind");
            String name = text(hpa, "spec", "scaleTargetRef", "name");
            ObjectRef targetRef = ObjectRef.of(kind, ref.namespace(), name);
            JsonNode target = snapshot.get(targetRef);
            if (target == null) {
                findings.add(Finding.of(DiagnosisCode.HPA_TARGET_MISSING, ref,
                        "HorizontalPodAutoscaler " + ref.namespace() + "/" + ref.name() + " scales " + kind + " " + name
                                + ", which does not exist, so it scales nothing.",
                        List.of(), List.of(Evidence.spec(ref, "spec.scaleTargetRef", kind + "/" + name + " (not found)")),
                        "Point scaleTargetRef at the existing workload, or delete the HPA."));
                continue;
            }
            List<String> missing = new ArrayList<>();
            List<Evidence> evidence = new ArrayList<>();
            for (JsonNode metric : list(hpa, "spec", "metrics")) {
                String resource = text(metric, "resource", "name");
                if (!"Resource".equals(text(metric, "type")) || !"Utilization".equals(text(metric, "resource", "target", "type"))) {
                    continue;
                }
                for (JsonNode c : list(target, "spec", "template", "spec", "containers")) {
                    if (text(c, "resources", "requests", resource) == null) {
                        missing.add(text(c, "name") + " (" + resource + ")");
                        evidence.add(Evidence.spec(targetRef, "spec.template.spec.containers[" + text(c, "name") + "].resources.requests." + resource, "unset"));
                    }
                }
            }
            if (!missing.isEmpty()) {
                evidence.add(0, Evidence.spec(ref, "spec.metrics", "Resource utilization"));
                findings.add(Finding.of(DiagnosisCode.HPA_MISSING_REQUESTS, ref,
                        "HorizontalPodAutoscaler " + ref.namespace() + "/" + ref.name() + " scales " + kind + " " + name
                                + " on resource utilization, but containers " + String.join(", ", missing)
                                + " have no request for it, so utilization cannot be computed.",
                        List.of(targetRef), evidence, "Set resource requests on those containers."));
                continue;
            }
            long max = number(hpa, 0, "spec", "maxReplicas");
            long current = number(hpa, 0, "status", "currentReplicas");
            long desired = number(hpa, current, "status", "desiredReplicas");
            JsonNode limited = KubeObjects.condition(hpa, "ScalingLimited");
            if (max > 0 && current >= max && limited != null && "True".equals(text(limited, "status"))
                    && "TooManyReplicas".equals(text(limited, "reason"))) {
                findings.add(Finding.of(DiagnosisCode.HPA_AT_MAX_REPLICAS, ref,
                        "HorizontalPodAutoscaler " + ref.namespace() + "/" + ref.name() + " runs " + kind + " " + name
                                + " at its maxReplicas " + max + " and would scale further (desired " + desired + "): "
                                + KubeObjects.clip(text(limited, "message"), 160) + ".",
                        List.of(targetRef), List.of(Evidence.spec(ref, "spec.maxReplicas", max),
                                Evidence.status(ref, "status.currentReplicas", current, null),
                                Evidence.status(ref, "status.conditions[ScalingLimited]", "TooManyReplicas", text(limited, "lastTransitionTime"))),
                        "Raise maxReplicas if the cluster has room, or make each replica handle more load."));
            }
        }
        return findings;
    }
}
