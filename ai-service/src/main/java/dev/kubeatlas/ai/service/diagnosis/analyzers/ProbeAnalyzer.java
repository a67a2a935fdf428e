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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.list;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.number;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides why a container's probe fails, from recent {@code Unhealthy} events on a pod that is not ready or
 * restarts: a probe aimed at a port the container does not declare (number or name) is a misconfiguration;
 * otherwise the kubelet's message (status code, connection refused, timeout) is reported.
 */
public final class ProbeAnalyzer implements Analyzer {

    /** Unhealthy events older than this before the snapshot are history, not a current problem. */
    static final long RECENT_SECONDS = 3600;

    private static final Pattern FIELD_CONTAINER = Pattern.compile("spec\\.(?:init)?[cC]ontainers\\{([^}]+)}");

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode pod : snapshot.all("Pod")) {
            if (Pods.terminal(pod)) {
                continue;
            }
            ObjectRef ref = Pods.ref(pod);
            List<JsonNode> events = snapshot.recentEvents(ref, RECENT_SECONDS, "Unhealthy");
            Map<String, JsonNode> lastByContainerAndProbe = new LinkedHashMap<>();
            for (JsonNode e : events) {
                Matcher m = FIELD_CONTAINER.matcher(String.valueOf(text(e, "involvedObject", "fieldPath")));
                String container = m.find() ? m.group(1) : firstContainer(pod);
                lastByContainerAndProbe.put(container + "\u0000" + probeType(text(e, "message")), e);
            }
            for (Map.Entry<String, JsonNode> entry : lastByContainerAndProbe.entrySet()) {
                String container = entry.getKey().substring(0, entry.getKey().indexOf('\u0000'));
                String probe = entry.getKey().substring(entry.getKey().indexOf('\u0000') + 1);
                JsonNode status = statusOf(pod, container);
                boolean hurting = status == null || !status.path("ready").asBoolean(false) || number(status, 0, "restartCount") > 0;
                if (probe != null && hurting) {
                    findings.add(finding(pod, ref, container, probe, entry.getValue()));
                }
            }
        }
        return findings;
    }

    private static Finding finding(JsonNode pod, ObjectRef ref, String container, String probe, JsonNode event) {
        JsonNode spec = Pods.container(pod, container);
        JsonNode probeSpec = spec.path(probe + "Probe");
        String port = null;
        for (String handler : List.of("httpGet", "tcpSocket", "grpc")) {
            if (probeSpec.has(handler)) {
                port = text(probeSpec, handler, "port");
            }
        }
        String message = text(event, "message");
        String at = String.valueOf(ClusterSnapshot.eventTime(event));
        long count = number(event, 1, "count");
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.event(ref, "Unhealthy", KubeObjects.clip(message, 300) + " (x" + count + ")", at));
        String who = "The " + probe + " probe of container " + container + " in pod " + ref.namespace() + "/" + ref.name();
        List<String> declared = new ArrayList<>();
        boolean declaresPort = false;
        for (JsonNode p : list(spec, "ports")) {
            String num = text(p, "containerPort");
            String name = text(p, "name");
            declared.add(name != null ? num + " (" + name + ")" : num);
            declaresPort |= port != null && (port.equals(num) || port.equals(name));
        }
        if (port != null && !declared.isEmpty() && !declaresPort) {
            evidence.add(Evidence.spec(ref, "spec.containers[" + container + "]." + probe + "Probe.port", port));
            evidence.add(Evidence.spec(ref, "spec.containers[" + container + "].ports", String.join(",", declared)));
            return Finding.of(DiagnosisCode.PROBE_PORT_MISMATCH, ref,
                    who + " targets port " + port + " but the container declares only " + String.join(", ", declared)
                            + ", and it fails " + count + " times: " + KubeObjects.clip(message, 200) + ".",
                    List.of(), evidence,
                    "Point the " + probe + " probe at the port the application listens on (" + String.join(", ", declared) + ").");
        }
        if (port != null) {
            evidence.add(Evidence.spec(ref, "spec.containers[" + container + "]." + probe + "Probe.port", port));
        }
        return Finding.of(DiagnosisCode.PROBE_FAILING, ref,
                who + " failed " + count + " times: " + KubeObjects.clip(message, 240) + ".",
                List.of(), evidence,
                "liveness".equals(probe) ? "Make the health endpoint answer within the probe's timeout, or relax the probe (initialDelaySeconds, timeoutSeconds, failureThreshold)."
                        : "Find why the application does not report ready (dependencies, startup time), or relax the probe.");
    }

    private static String probeType(String message) {
        if (message == null) {
            return null;
        }
        if (message.startsWith("Liveness")) {
            return "liveness";
        }
        if (message.startsWith("Readiness")) {
            return "readiness";
        }
        if (message.startsWith("Startup")) {
            return "startup";
        }
        return null;
    }

    private static JsonNode statusOf(JsonNode pod, String container) {
        for (JsonNode s : Pods.containerStatuses(pod)) {
            if (container.equals(text(s, "name"))) {
                return s;
            }
        }
        return null;
    }

    private static String firstContainer(JsonNode pod) {
        List<JsonNode> containers = list(pod, "spec", "containers");
        return containers.isEmpty() ? "" : text(containers.get(0), "name");
    }
}
