package dev.kubeatlas.ai.service.diagnosis.analyzers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.ai.service.diagnosis.Analyzer;
import dev.kubeatlas.ai.service.diagnosis.ClusterSnapshot;
import dev.kubeatlas.ai.service.diagnosis.DiagnosisCode;
import dev.kubeatlas.ai.service.diagnosis.Evidence;
import dev.kubeatlas.ai.service.diagnosis.Finding;
import dev.kubeatlas.ai.service.diagnosis.KubeObjects;
import dev.kubeatlas.ai.service.diagnosis.ObjectRef;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.list;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.number;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides why a pod stays in its init phase: an init container that keeps failing (exit code, message), or one that
 * has been running too long — and, when its command names a host such as {@code db} or {@code db.shop.svc}, whether
 * that Service exists and has ready endpoints, so "waiting for a Service that does not exist" is named as such.
 */
public final class InitContainerAnalyzer implements Analyzer {

    /** How long an init container may run before it counts as stuck. */
    static final Duration STUCK_AFTER = Duration.ofMinutes(5);

    private static final Pattern HOST = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern IP = Pattern.compile("\\d+(\\.\\d+){3}");
    private static final Set<String> HOST_FOLLOWS = Set.of("nslookup", "host", "dig", "ping", "telnet", "hosts", "nc", "-z",
            "-zv", "-vz", "-h", "--host", "wait-for-it", "wait-for-it.sh", "wait-for", "./wait-for-it.sh", "pg_isready");

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode pod : snapshot.all("Pod")) {
            if (!"Pending".equals(text(pod, "status", "phase"))) {
                continue;
            }
            for (JsonNode s : Pods.initContainerStatuses(pod)) {
                if (s.path("ready").asBoolean(false) || "Completed".equals(text(s, "state", "terminated", "reason"))) {
                    continue;
                }
                Finding f = analyze(snapshot, pod, s);
                if (f != null) {
                    findings.add(f);
                }
                break;
            }
        }
        return findings;
    }

    private static Finding analyze(ClusterSnapshot snapshot, JsonNode pod, JsonNode status) {
        ObjectRef ref = Pods.ref(pod);
        String name = text(status, "name");
        JsonNode spec = Pods.container(pod, name);
        String command = commandLine(spec);
        JsonNode last = KubeObjects.at(status, "lastState", "terminated");
        boolean failing = "CrashLoopBackOff".equals(Pods.waitingReason(status))
                || (!last.isMissingNode() && number(last, 0, "exitCode") != 0)
                || number(status, 0, "state", "terminated", "exitCode") != 0;
        Instant started = KubeObjects.instant(text(status, "state", "running", "startedAt"));
        Duration running = started == null ? null : Duration.between(started, snapshot.capturedAt());
        boolean stuck = running != null && running.compareTo(STUCK_AFTER) > 0;
        if (!failing && !stuck) {
            return null;
        }
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.spec(ref, "spec.initContainers[" + name + "].command", KubeObjects.clip(command, 200)));
        if (stuck) {
            evidence.add(Evidence.status(ref, Pods.statusField(pod, name, "state.running.startedAt"), started, started.toString()));
        }
        String who = "init container " + name + " of pod " + ref.namespace() + "/" + ref.name();
        String state = stuck ? "has been running for " + running.toMinutes() + " minutes"
                : "keeps failing (" + number(status, 0, "restartCount") + " restarts, last exit code "
                + number(last, number(status, -1, "state", "terminated", "exitCode"), "exitCode")
                + (text(last, "message") != null ? ": \"" + KubeObjects.clip(text(last, "message"), 160) + "\"" : "") + ")";
        if (failing) {
            evidence.add(Evidence.status(ref, Pods.statusField(pod, name, "lastState.terminated.exitCode"),
                    number(last, -1, "exitCode"), text(last, "finishedAt")));
        }
        List<String> waitedFor = new ArrayList<>();
        for (ObjectRef service : servicesNamed(snapshot, ref.namespace(), command)) {
            if (!snapshot.contains(service)) {
                evidence.add(Evidence.relation(ref, "Service " + service.namespace() + "/" + service.name(), "not found in the cluster"));
                return Finding.of(DiagnosisCode.INIT_DEPENDENCY_SERVICE_MISSING, service,
                        "Service " + service.namespace() + "/" + service.name() + " does not exist, but " + who
                                + " waits for it (" + KubeObjects.clip(command, 120) + ") and " + state
                                + ", so the pod never starts.",
                        List.of(ref), evidence,
                        "Create Service " + service.name() + " in namespace " + service.namespace()
                                + " (or deploy the dependency), or correct the host name in the init container.");
            }
            int ready = Services.readyAddresses(snapshot, service);
            evidence.add(Evidence.relation(service, "ready endpoint addresses", ready));
            waitedFor.add("Service " + service.namespace() + "/" + service.name() + " (" + ready + " ready endpoint addresses)");
        }
        String waits = waitedFor.isEmpty() ? "" : "; it waits for " + String.join(", ", waitedFor);
        return Finding.of(stuck ? DiagnosisCode.INIT_CONTAINER_STUCK : DiagnosisCode.INIT_CONTAINER_FAILING, ref,
                Character.toUpperCase(who.charAt(0)) + who.substring(1) + " " + state + waits + ".",
                List.of(), evidence,
                stuck ? "Make the dependency the init container waits for available, or fix its wait condition."
                        : "Fix the init container's failure (see its exit code, message and logs).");
    }

    private static String commandLine(JsonNode container) {
        List<String> parts = new ArrayList<>();
        list(container, "command").forEach(c -> parts.add(c.asText()));
        list(container, "args").forEach(c -> parts.add(c.asText()));
        return String.join(" ", parts);
    }

    /** Services named as hosts in a command line: {@code svc}, {@code svc.ns}, {@code svc.ns.svc[.cluster.local]}, URLs. */
    static Set<ObjectRef> servicesNamed(ClusterSnapshot snapshot, String namespace, String command) {
        Set<ObjectRef> out = new LinkedHashSet<>();
        String[] tokens = command.split("[\\s;|&()'\"`]+");
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            String candidate = null;
            if (t.contains("://")) {
                candidate = t.substring(t.indexOf("://") + 3).split("[/:?]")[0];
            } else if (t.startsWith("--host=")) {
                candidate = t.substring("--host=".length());
            } else if (i > 0 && HOST_FOLLOWS.contains(tokens[i - 1]) || t.contains(".svc")) {
                candidate = t;
            }
            if (candidate == null) {
                continue;
            }
            candidate = candidate.replaceAll(":\\d+$", "").toLowerCase(java.util.Locale.ROOT);
            if (!HOST.matcher(candidate).matches() || IP.matcher(candidate).matches() || candidate.equals("localhost")) {
                continue;
            }
            String[] labels = candidate.split("\\.");
            if (labels.length == 1) {
                out.add(ObjectRef.of("Service", namespace, labels[0]));
            } else if (labels.length >= 3 && labels[2].equals("svc")) {
                out.add(ObjectRef.of("Service", labels[1], labels[0]));
            } else if (labels.length == 2 && snapshot.namespaces().contains(labels[1])) {
                out.add(ObjectRef.of("Service", labels[1], labels[0]));
            }
        }
        return out;
    }
}
