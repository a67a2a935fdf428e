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

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.number;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides that a Deployment, StatefulSet, DaemonSet or standalone ReplicaSet has fewer available replicas than
 * desired, or that a rollout passed its progress deadline. These are symptoms: correlation replaces them by the
 * cause found on their pods, ReplicaSets or quota, and they stand alone only when nothing explains them.
 */
public final class WorkloadAvailabilityAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode d : snapshot.all("Deployment")) {
            check(snapshot, findings, "Deployment", d, number(d, 1, "spec", "replicas"),
                    number(d, 0, "status", "availableReplicas"), "status.availableReplicas");
        }
        for (JsonNode s : snapshot.all("StatefulSet")) {
            check(snapshot, findings, "StatefulSet", s, number(s, 1, "spec", "replicas"),
                    number(s, 0, "status", "readyReplicas"), "status.readyReplicas");
        }
        for (JsonNode ds : snapshot.all("DaemonSet")) {
            check(snapshot, findings, "DaemonSet", ds, number(ds, 0, "status", "desiredNumberScheduled"),
                    number(ds, 0, "status", "numberAvailable"), "status.numberAvailable");
        }
        for (JsonNode rs : snapshot.all("ReplicaSet")) {
            if (snapshot.controllerOf(rs) == null) {
                check(snapshot, findings, "ReplicaSet", rs, number(rs, 1, "spec", "replicas"),
                        number(rs, 0, "status", "availableReplicas"), "status.availableReplicas");
            }
        }
        return findings;
    }

    private static void check(ClusterSnapshot snapshot, List<Finding> findings, String kind, JsonNode w,
                              long desired, long available, String availableField) {
        ObjectRef ref = KubeObjects.ref(kind, w);
        JsonNode progressing = KubeObjects.condition(w, "Progressing");
        boolean deadline = progressing != null && "ProgressDeadlineExceeded".equals(text(progressing, "reason"));
        if (desired <= 0 || available >= desired && !deadline) {
            return;
        }
        List<ObjectRef> unready = new ArrayList<>();
        for (JsonNode pod : snapshot.podsOf(ref)) {
            if (!Pods.terminal(pod) && !Pods.ready(pod)) {
                unready.add(Pods.ref(pod));
            }
        }
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.spec(ref, "spec.replicas", desired));
        evidence.add(Evidence.status(ref, availableField, available, null));
        String deadlineText = "";
        if (deadline) {
            evidence.add(Evidence.status(ref, "status.conditions[Progressing]",
                    "ProgressDeadlineExceeded: " + text(progressing, "message"), text(progressing, "lastUpdateTime")));
            deadlineText = "; rollout stopped: " + KubeObjects.clip(text(progressing, "message"), 160);
        }
        String podsText = unready.isEmpty() ? "" : "; " + unready.size() + " pod" + (unready.size() == 1 ? " is" : "s are") + " not ready";
        if (available >= desired) {
            findings.add(Finding.of(DiagnosisCode.ROLLOUT_STALLED, ref,
                    ref.display() + " still serves " + available + " of " + desired
                            + " replicas from the previous version, but its new rollout exceeded the progress deadline"
                            + podsText + deadlineText + ".",
                    unready, evidence, "Fix what keeps the new pods from becoming ready, or roll back."));
            return;
        }
        findings.add(Finding.of(DiagnosisCode.WORKLOAD_UNAVAILABLE, ref,
                ref.display() + " has " + available + " of " + desired + " replicas available" + podsText + deadlineText + ".",
                unready, evidence, "See the finding on its pods or ReplicaSets for the cause."));
    }
}
