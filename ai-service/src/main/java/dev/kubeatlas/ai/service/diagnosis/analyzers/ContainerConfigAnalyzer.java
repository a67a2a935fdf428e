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
import java.util.Set;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.bool;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.list;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides which ConfigMap, Secret or key keeps a pod's containers from being created
 * ({@code CreateContainerConfigError}, or {@code ContainerCreating} with a failed mount): it checks every
 * non-optional env, envFrom and volume reference of the pod against the snapshot, so the finding names the
 * missing object or key even when the kubelet's message is terse.
 */
public final class ContainerConfigAnalyzer implements Analyzer {

    /** One reference of a pod to a ConfigMap or Secret (key null when the whole object is used). */
    private record Reference(String kind, String name, String key, String usedAt) {
    }

    /** ConfigMaps the control plane publishes in every namespace; a snapshot may leave them out. */
    private static final Set<String> PUBLISHED_IN_EVERY_NAMESPACE = Set.of("kube-root-ca.crt", "openshift-service-ca.crt");

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode pod : snapshot.all("Pod")) {
            String kubeletMessage = blockedMessage(snapshot, pod);
            if (kubeletMessage == null) {
                continue;
            }
            ObjectRef podRef = Pods.ref(pod);
            int before = findings.size();
            for (Reference r : references(pod)) {
                Finding f = check(snapshot, podRef, r, kubeletMessage);
                if (f != null) {
                    findings.add(f);
                }
            }
            if (findings.size() == before && isConfigError(pod)) {
                findings.add(Finding.of(DiagnosisCode.CONTAINER_CONFIG_ERROR, podRef,
                        "Pod " + podRef.namespace() + "/" + podRef.name() + " cannot create its containers: "
                                + KubeObjects.clip(kubeletMessage, 300) + ".",
                        List.of(), List.of(Evidence.status(podRef, "status.containerStatuses[].state.waiting.message",
                                KubeObjects.clip(kubeletMessage, 300), null)),
                        "Correct the container configuration the kubelet rejects (see the message)."));
            }
        }
        return findings;
    }

    private static boolean isConfigError(JsonNode pod) {
        List<JsonNode> statuses = new ArrayList<>(Pods.initContainerStatuses(pod));
        statuses.addAll(Pods.containerStatuses(pod));
        return statuses.stream().anyMatch(s -> "CreateContainerConfigError".equals(Pods.waitingReason(s)));
    }

    /** The kubelet's complaint when the pod is stuck before its containers run; null when it is not. */
    private static String blockedMessage(ClusterSnapshot snapshot, JsonNode pod) {
        if (Pods.terminal(pod) || text(pod, "spec", "nodeName") == null) {
            return null;
        }
        List<JsonNode> statuses = new ArrayList<>(Pods.initContainerStatuses(pod));
        statuses.addAll(Pods.containerStatuses(pod));
        for (JsonNode s : statuses) {
            if ("CreateContainerConfigError".equals(Pods.waitingReason(s))) {
                String m = text(s, "state", "waiting", "message");
                return m != null ? m : "CreateContainerConfigError";
            }
        }
        boolean creating = statuses.isEmpty() || statuses.stream().anyMatch(s -> "ContainerCreating".equals(Pods.waitingReason(s)));
        if (creating) {
            List<JsonNode> mounts = snapshot.eventsFor(Pods.ref(pod)).stream()
                    .filter(e -> "FailedMount".equals(text(e, "reason"))).toList();
            if (!mounts.isEmpty()) {
                return text(mounts.get(mounts.size() - 1), "message");
            }
        }
        return null;
    }

    private static List<Reference> references(JsonNode pod) {
        List<Reference> refs = new ArrayList<>();
        for (JsonNode c : Pods.allContainers(pod)) {
            String cname = text(c, "name");
            for (JsonNode env : list(c, "env")) {
                JsonNode cm = KubeObjects.at(env, "valueFrom", "configMapKeyRef");
                JsonNode sec = KubeObjects.at(env, "valueFrom", "secretKeyRef");
                String where = "spec.containers[" + cname + "].env[" + text(env, "name") + "]";
                if (!cm.isMissingNode() && !bool(cm, "optional")) {
                    refs.add(new Reference("ConfigMap", text(cm, "name"), text(cm, "key"), where + ".valueFrom.configMapKeyRef"));
                }
                if (!sec.isMissingNode() && !bool(sec, "optional")) {
                    refs.add(new Reference("Secret", text(sec, "name"), text(sec, "key"), where + ".valueFrom.secretKeyRef"));
                }
            }
            List<JsonNode> envFrom = list(c, "envFrom");
            for (int i = 0; i < envFrom.size(); i++) {
                JsonNode ef = envFrom.get(i);
                String where = "spec.containers[" + cname + "].envFrom[" + i + "]";
                if (ef.has("configMapRef") && !bool(ef, "configMapRef", "optional")) {
                    refs.add(new Reference("ConfigMap", text(ef, "configMapRef", "name"), null, where + ".configMapRef"));
                }
                if (ef.has("secretRef") && !bool(ef, "secretRef", "optional")) {
                    refs.add(new Reference("Secret", text(ef, "secretRef", "name"), null, where + ".secretRef"));
                }
            }
        }
        for (JsonNode v : list(pod, "spec", "volumes")) {
            String where = "spec.volumes[" + text(v, "name") + "]";
            volumeSource(refs, v.path("configMap"), "ConfigMap", "name", where + ".configMap");
            volumeSource(refs, v.path("secret"), "Secret", "secretName", where + ".secret");
            for (JsonNode src : list(v, "projected", "sources")) {
                volumeSource(refs, src.path("configMap"), "ConfigMap", "name", where + ".projected.configMap");
                volumeSource(refs, src.path("secret"), "Secret", "name", where + ".projected.secret");
            }
        }
        return refs;
    }

    private static void volumeSource(List<Reference> refs, JsonNode src, String kind, String nameField, String where) {
        if (src.isMissingNode() || bool(src, "optional")) {
            return;
        }
        String name = text(src, nameField);
        List<JsonNode> items = list(src, "items");
        if (items.isEmpty()) {
            refs.add(new Reference(kind, name, null, where));
        }
        for (JsonNode item : items) {
            refs.add(new Reference(kind, name, text(item, "key"), where + ".items"));
        }
    }

    private static Finding check(ClusterSnapshot snapshot, ObjectRef pod, Reference r, String kubeletMessage) {
        if (PUBLISHED_IN_EVERY_NAMESPACE.contains(r.name) && "ConfigMap".equals(r.kind)) {
            return null;
        }
        boolean secret = "Secret".equals(r.kind);
        Set<String> keys = secret ? snapshot.secretKeys(pod.namespace(), r.name) : snapshot.configMapKeys(pod.namespace(), r.name);
        ObjectRef target = ObjectRef.of(r.kind, pod.namespace(), r.name);
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.spec(pod, r.usedAt, r.key == null ? r.name : r.name + "/" + r.key));
        evidence.add(Evidence.status(pod, "kubelet", KubeObjects.clip(kubeletMessage, 300), null));
        if (keys == null) {
            evidence.add(Evidence.relation(pod, r.kind + " " + pod.namespace() + "/" + r.name, "not found in the cluster"));
            return Finding.of(secret ? DiagnosisCode.SECRET_MISSING : DiagnosisCode.CONFIGMAP_MISSING, target,
                    r.kind + " " + pod.namespace() + "/" + r.name + " does not exist, but pod " + pod.name()
                            + " needs it (" + r.usedAt + "), so its containers cannot start.",
                    List.of(pod), evidence,
                    "Create " + r.kind + " " + r.name + " in namespace " + pod.namespace()
                            + " (or fix the reference, or mark it optional if the app can run without it).");
        }
        if (r.key != null && !keys.contains(r.key)) {
            evidence.add(Evidence.relation(target, "keys", String.join(",", keys)));
            return Finding.of(secret ? DiagnosisCode.SECRET_KEY_MISSING : DiagnosisCode.CONFIGMAP_KEY_MISSING, target,
                    r.kind + " " + pod.namespace() + "/" + r.name + " has no key " + r.key + " (its keys: "
                            + (keys.isEmpty() ? "none" : String.join(", ", keys)) + "), which pod " + pod.name()
                            + " reads (" + r.usedAt + "), so its containers cannot start.",
                    List.of(pod), evidence,
                    "Add key " + r.key + " to " + r.kind + " " + r.name + ", or correct the key the pod references.");
        }
        return null;
    }
}
