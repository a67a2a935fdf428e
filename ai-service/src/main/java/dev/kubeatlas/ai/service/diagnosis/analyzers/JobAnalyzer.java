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
import java.util.Comparator;
import java.util.List;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.number;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides why a Job failed: its {@code Failed} condition (BackoffLimitExceeded, DeadlineExceeded) with the reason of
 * its last failed pod — container, exit code, termination message. A Job that succeeded after retries is fine.
 */
public final class JobAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode job : snapshot.all("Job")) {
            JsonNode failed = KubeObjects.condition(job, "Failed");
            if (failed == null || !"True".equals(text(failed, "status"))) {
                continue;
            }
            findings.add(finding(snapshot, job, failed));
        }
        return findings;
    }

    /** The container failure of a Job's last failed pod, as "container c exited with code 1 (Error): "msg"", or null. */
    static String lastPodFailure(ClusterSnapshot snapshot, ObjectRef job, List<Evidence> evidence, List<ObjectRef> pods) {
        List<JsonNode> failedPods = new ArrayList<>();
        for (ObjectRef p : snapshot.owned(snapshot.get(job), "Pod")) {
            JsonNode pod = snapshot.get(p);
            pods.add(p);
            if ("Failed".equals(text(pod, "status", "phase"))) {
                failedPods.add(pod);
            }
        }
        failedPods.sort(Comparator.comparing(p -> String.valueOf(text(p, "status", "startTime"))));
        if (failedPods.isEmpty()) {
            return null;
        }
        JsonNode pod = failedPods.get(failedPods.size() - 1);
        ObjectRef podRef = Pods.ref(pod);
        for (JsonNode s : Pods.containerStatuses(pod)) {
            JsonNode t = KubeObjects.at(s, "state", "terminated");
            long code = number(t, 0, "exitCode");
            if (code != 0) {
                String container = text(s, "name");
                evidence.add(Evidence.status(podRef, Pods.statusField(pod, container, "state.terminated.exitCode"), code, text(t, "finishedAt")));
                String message = text(t, "message");
                if (message != null) {
                    evidence.add(Evidence.status(podRef, Pods.statusField(pod, container, "state.terminated.message"),
                            KubeObjects.clip(message, 240), text(t, "finishedAt")));
                }
                return "container " + container + " of pod " + podRef.name() + " exited with code " + code + Pods.exitCodeMeaning(code)
                        + (text(t, "reason") != null ? " (" + text(t, "reason") + ")" : "")
                        + (message != null ? ": \"" + KubeObjects.clip(message, 200) + "\"" : "");
            }
        }
        String reason = text(pod, "status", "reason");
        return reason == null ? null : "pod " + podRef.name() + " failed: " + reason + " " + String.valueOf(text(pod, "status", "message"));
    }

    private static Finding finding(ClusterSnapshot snapshot, JsonNode job, JsonNode failed) {
        ObjectRef ref = KubeObjects.ref("Job", job);
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.status(ref, "status.conditions[Failed]", text(failed, "reason") + ": " + text(failed, "message"),
                text(failed, "lastTransitionTime")));
        evidence.add(Evidence.status(ref, "status.failed", number(job, 0, "status", "failed"), null));
        List<ObjectRef> pods = new ArrayList<>();
        String podFailure = lastPodFailure(snapshot, ref, evidence, pods);
        return Finding.of(DiagnosisCode.JOB_FAILED, ref,
                "Job " + ref.namespace() + "/" + ref.name() + " failed (" + text(failed, "reason") + " after "
                        + number(job, 0, "status", "failed") + " failed pods, backoffLimit " + number(job, 6, "spec", "backoffLimit") + ")"
                        + (podFailure != null ? "; " + podFailure : "") + ".",
                pods, evidence, "Fix the failure of the Job's pods, then re-create the Job.");
    }
}
