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
 * Decides why an app container keeps restarting: CrashLoopBackOff with the last run's exit code, reason and
 * termination message; OOMKilled with the container's memory limit (or the lack of one).
 */
public final class ContainerCrashAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode pod : snapshot.all("Pod")) {
            if (Pods.terminal(pod)) {
                continue;
            }
            for (JsonNode status : Pods.containerStatuses(pod)) {
                Finding f = analyze(pod, status);
                if (f != null) {
                    findings.add(f);
                }
            }
        }
        return findings;
    }

    private static Finding analyze(JsonNode pod, JsonNode status) {
        String container = text(status, "name");
        String waiting = Pods.waitingReason(status);
        JsonNode last = KubeObjects.at(status, "lastState", "terminated");
        boolean crashLooping = "CrashLoopBackOff".equals(waiting);
        boolean oom = "OOMKilled".equals(text(last, "reason")) || "OOMKilled".equals(text(status, "state", "terminated", "reason"));
        if (!crashLooping && !oom) {
            return null;
        }
        if (last.isMissingNode()) {
            last = KubeObjects.at(status, "state", "terminated");
        }
        ObjectRef ref = Pods.ref(pod);
        long restarts = number(status, 0, "restartCount");
        long exitCode = number(last, -1, "exitCode");
        String reason = text(last, "reason");
        String message = text(last, "message");
        List<Evidence> evidence = new ArrayList<>();
        if (waiting != null) {
            evidence.add(Evidence.status(ref, Pods.statusField(pod, container, "state.waiting.reason"), waiting, null));
        }
        evidence.add(Evidence.status(ref, Pods.statusField(pod, container, "restartCount"), restarts, null));
        evidence.add(Evidence.status(ref, Pods.statusField(pod, container, "lastState.terminated.exitCode"), exitCode,
                text(last, "finishedAt")));
        if (reason != null) {
            evidence.add(Evidence.status(ref, Pods.statusField(pod, container, "lastState.terminated.reason"), reason,
                    text(last, "finishedAt")));
        }
        if (message != null) {
            evidence.add(Evidence.status(ref, Pods.statusField(pod, container, "lastState.terminated.message"),
                    KubeObjects.clip(message, 300), text(last, "finishedAt")));
        }
        String who = "Container " + container + " of pod " + ref.namespace() + "/" + ref.name();
        if (oom) {
            JsonNode spec = Pods.container(pod, container);
            String limit = text(spec, "resources", "limits", "memory");
            String request = text(spec, "resources", "requests", "memory");
            evidence.add(Evidence.spec(ref, "spec.containers[" + container + "].resources.limits.memory",
                    limit == null ? "none" : limit));
            String bound = limit != null ? "its memory limit of " + limit
                    : "the node's available memory (it has no memory limit" + (request != null ? ", request " + request : "") + ")";
            return Finding.of(DiagnosisCode.CONTAINER_OOM_KILLED, ref,
                    who + " was OOMKilled (exit code " + exitCode + ") after exceeding " + bound
                            + ", " + restarts + " restarts so far.",
                    List.of(), evidence,
                    "Raise the container's memory limit above its real peak use, or reduce its memory use (heap size, caches).");
        }
        String cause = "exit code " + exitCode + Pods.exitCodeMeaning(exitCode) + (reason != null ? ", reason " + reason : "");
        String said = message != null ? ": \"" + KubeObjects.clip(message, 200) + "\""
                : ", with no termination message (read the previous logs)";
        return Finding.of(DiagnosisCode.CONTAINER_CRASH_LOOPING, ref,
                who + " is in CrashLoopBackOff after " + restarts + " restarts; the last run ended with " + cause + said + ".",
                List.of(), evidence,
                "Fix the failure the container reports (see the message and the previous logs: kubectl logs --previous).");
    }
}
