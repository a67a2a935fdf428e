package dev.kubeatlas.ai.service.diagnosis.analyzers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.ai.service.diagnosis.Analyzer;
import dev.kubeatlas.ai.service.diagnosis.ClusterSnapshot;
import dev.kubeatlas.ai.service.diagnosis.DiagnosisCode;
import dev.kubeatlas.ai.service.diagnosis.Evidence;
import dev.kubeatlas.ai.service.diagnosis.Finding;
import dev.kubeatlas.ai.service.diagnosis.KubeObjects;
import dev.kubeatlas.ai.service.diagnosis.LabelSelectors;
import dev.kubeatlas.ai.service.diagnosis.ObjectRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.list;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.number;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides why a Service delivers no traffic: its selector matches no pod (naming the labels of the closest pods),
 * its backend workload is scaled to zero (the workload is the cause), its targetPort — number or name — matches no
 * container port of the selected pods, or none of its selected pods is ready.
 */
public final class ServiceAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode svc : snapshot.all("Service")) {
            Map<String, String> selector = KubeObjects.stringMap(svc, "spec", "selector");
            if (selector.isEmpty() || "ExternalName".equals(text(svc, "spec", "type"))) {
                continue;
            }
            ObjectRef ref = KubeObjects.ref("Service", svc);
            List<JsonNode> pods = snapshot.podsSelectedBy(ref.namespace(), selector).stream().filter(p -> !Pods.terminal(p)).toList();
            if (pods.isEmpty()) {
                findings.add(noPods(snapshot, ref, selector));
                continue;
            }
            Finding port = targetPort(svc, ref, pods);
            if (port != null) {
                findings.add(port);
                continue;
            }
            List<ObjectRef> unready = pods.stream().filter(p -> !Pods.ready(p)).map(Pods::ref).toList();
            int readyAddresses = Services.readyAddresses(snapshot, ref);
            if (unready.size() == pods.size() && readyAddresses <= 0) {
                findings.add(Finding.of(DiagnosisCode.SERVICE_NO_READY_ENDPOINTS, ref,
                        "Service " + ref.namespace() + "/" + ref.name() + " has no ready endpoint: none of its "
                                + pods.size() + " selected pods (" + KubeObjects.labelsText(selector) + ") is ready.",
                        unready, List.of(Evidence.relation(ref, "ready endpoint addresses", Math.max(readyAddresses, 0)),
                                Evidence.spec(ref, "spec.selector", KubeObjects.labelsText(selector))),
                        "See the finding on the selected pods for why they are not ready."));
            }
        }
        return findings;
    }

    private static Finding noPods(ClusterSnapshot snapshot, ObjectRef ref, Map<String, String> selector) {
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.spec(ref, "spec.selector", KubeObjects.labelsText(selector)));
        for (String kind : List.of("Deployment", "StatefulSet", "ReplicaSet")) {
            for (JsonNode w : snapshot.inNamespace(kind, ref.namespace())) {
                if (LabelSelectors.matches(selector, KubeObjects.stringMap(w, "spec", "template", "metadata", "labels"))
                        && number(w, 1, "spec", "replicas") == 0 && ("ReplicaSet".equals(kind) ? snapshot.controllerOf(w) == null : true)) {
                    ObjectRef wref = KubeObjects.ref(kind, w);
                    evidence.add(Evidence.spec(wref, "spec.replicas", 0));
                    return Finding.of(DiagnosisCode.SERVICE_BACKEND_SCALED_TO_ZERO, wref,
                            wref.display() + " is scaled to 0 replicas, so Service " + ref.name()
                                    + " (selector " + KubeObjects.labelsText(selector) + ") has no endpoints.",
                            List.of(ref), evidence, "Scale " + wref.display() + " back up (kubectl scale --replicas=N).");
                }
            }
        }
        // the pods that match the most selector pairs tell which label is wrong
        JsonNode closest = null;
        int best = 0;
        for (JsonNode p : snapshot.podsSharingALabel(ref.namespace(), selector)) {
            Map<String, String> labels = KubeObjects.labels(p);
            int matched = (int) selector.entrySet().stream().filter(e -> e.getValue().equals(labels.get(e.getKey()))).count();
            if (matched > best) {
                best = matched;
                closest = p;
            }
        }
        String hint = "";
        if (closest != null) {
            Map<String, String> labels = KubeObjects.labels(closest);
            List<String> diffs = new ArrayList<>();
            selector.forEach((k, v) -> {
                if (!v.equals(labels.get(k))) {
                    diffs.add(k + "=" + (labels.containsKey(k) ? labels.get(k) : "(absent)"));
                }
            });
            ObjectRef pref = Pods.ref(closest);
            evidence.add(Evidence.relation(pref, "metadata.labels", KubeObjects.labelsText(labels)));
            hint = "; the closest pod " + pref.name() + " has " + String.join(", ", diffs);
        }
        return Finding.of(DiagnosisCode.SERVICE_SELECTOR_MATCHES_NO_PODS, ref,
                "Service " + ref.namespace() + "/" + ref.name() + " selects " + KubeObjects.labelsText(selector)
                        + " but no pod in " + ref.namespace() + " has these labels" + hint + ".",
                List.of(), evidence, "Correct the Service's selector or the pod template's labels so they agree.");
    }

    private static Finding targetPort(JsonNode svc, ObjectRef ref, List<JsonNode> pods) {
        TreeSet<String> declared = new TreeSet<>();
        boolean anyDeclared = false;
        for (JsonNode p : pods) {
            for (JsonNode c : list(p, "spec", "containers")) {
                for (JsonNode port : list(c, "ports")) {
                    anyDeclared = true;
                    String name = text(port, "name");
                    declared.add(text(port, "containerPort") + (name != null ? " (" + name + ")" : ""));
                }
            }
        }
        for (JsonNode port : list(svc, "spec", "ports")) {
            String target = text(port, "targetPort");
            if (target == null) {
                target = text(port, "port");
            }
            boolean named = !target.matches("\\d+");
            if (!named && !anyDeclared) {
                continue;
            }
            boolean found = false;
            for (JsonNode p : pods) {
                for (JsonNode c : list(p, "spec", "containers")) {
                    for (JsonNode cp : list(c, "ports")) {
                        found |= named ? target.equals(text(cp, "name")) : target.equals(text(cp, "containerPort"));
                    }
                }
            }
            if (!found) {
                String portName = text(port, "name");
                return Finding.of(DiagnosisCode.SERVICE_TARGET_PORT_MISMATCH, ref,
                        "Service " + ref.namespace() + "/" + ref.name() + " port " + text(port, "port")
                                + (portName != null ? " (" + portName + ")" : "") + " targets " + (named ? "named port " : "port ")
                                + target + ", but its " + pods.size() + " selected pods declare only "
                                + (declared.isEmpty() ? "no ports" : String.join(", ", declared)) + ".",
                        pods.stream().map(Pods::ref).toList(),
                        List.of(Evidence.spec(ref, "spec.ports[" + text(port, "port") + "].targetPort", target),
                                Evidence.relation(Pods.ref(pods.get(0)), "spec.containers[].ports", String.join(",", declared))),
                        "Set the Service's targetPort to the port the containers listen on (" + String.join(", ", declared) + ").");
            }
        }
        return null;
    }
}
