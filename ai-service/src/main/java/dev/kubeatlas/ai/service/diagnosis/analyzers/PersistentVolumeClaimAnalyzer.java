package dev.kubeatlas.ai.service.diagnosis.analyzers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.ai.service.diagnosis.Analyzer;
import dev.kubeatlas.ai.service.diagnosis.ClusterSnapshot;
import dev.kubeatlas.ai.service.diagnosis.DiagnosisCode;
import dev.kubeatlas.ai.service.diagnosis.Evidence;
import dev.kubeatlas.ai.service.diagnosis.Finding;
import dev.kubeatlas.ai.service.diagnosis.KubeObjects;
import dev.kubeatlas.ai.service.diagnosis.ObjectRef;
import dev.kubeatlas.ai.service.diagnosis.Quantities;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.list;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides why a PersistentVolumeClaim stays Pending: no StorageClass named and no default class, a named class that
 * does not exist, a static class with no Available PersistentVolume of enough size and the right access modes, or
 * the provisioner's {@code ProvisioningFailed} message. Pods that mount the claim are its symptoms.
 */
public final class PersistentVolumeClaimAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        Map<ObjectRef, List<ObjectRef>> podsByClaim = new HashMap<>();
        for (JsonNode pod : snapshot.all("Pod")) {
            for (JsonNode v : list(pod, "spec", "volumes")) {
                String claim = text(v, "persistentVolumeClaim", "claimName");
                if (claim != null) {
                    podsByClaim.computeIfAbsent(ObjectRef.of("PersistentVolumeClaim", KubeObjects.namespace(pod), claim),
                            k -> new ArrayList<>()).add(Pods.ref(pod));
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonNode pvc : snapshot.all("PersistentVolumeClaim")) {
            if (!"Pending".equals(text(pvc, "status", "phase"))) {
                continue;
            }
            ObjectRef ref = KubeObjects.ref("PersistentVolumeClaim", pvc);
            List<ObjectRef> pods = podsByClaim.getOrDefault(ref, List.of());
            Finding f = analyze(snapshot, pvc, ref, pods);
            if (f != null) {
                findings.add(f);
            }
        }
        return findings;
    }

    private static Finding analyze(ClusterSnapshot snapshot, JsonNode pvc, ObjectRef ref, List<ObjectRef> pods) {
        String className = text(pvc, "spec", "storageClassName");
        String size = text(pvc, "spec", "resources", "requests", "storage");
        List<String> modes = list(pvc, "spec", "accessModes").stream().map(JsonNode::asText).toList();
        String claim = "PersistentVolumeClaim " + ref.namespace() + "/" + ref.name();
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.status(ref, "status.phase", "Pending", null));
        evidence.add(Evidence.spec(ref, "spec.storageClassName", className == null ? "(unset)" : className));
        if (className == null) {
            JsonNode defaultClass = null;
            for (JsonNode sc : snapshot.all("StorageClass")) {
                if ("true".equals(text(sc, "metadata", "annotations", "storageclass.kubernetes.io/is-default-class"))) {
                    defaultClass = sc;
                }
            }
            if (defaultClass == null) {
                return Finding.of(DiagnosisCode.PVC_NO_STORAGECLASS, ref,
                        claim + " names no StorageClass and the cluster has no default StorageClass, so nothing provisions its "
                                + size + " volume.",
                        pods, evidence, "Set spec.storageClassName to an existing class, or mark one StorageClass as default.");
            }
            className = KubeObjects.name(defaultClass);
        }
        if (!className.isEmpty() && snapshot.get("StorageClass", null, className) == null) {
            ObjectRef scRef = ObjectRef.of("StorageClass", null, className);
            List<ObjectRef> symptoms = new ArrayList<>(pods);
            symptoms.add(ref);
            evidence.add(Evidence.relation(ref, "StorageClass " + className, "not found in the cluster"));
            return Finding.of(DiagnosisCode.STORAGECLASS_MISSING, scRef,
                    "StorageClass " + className + " does not exist, so " + claim + " (" + size + ") stays Pending.",
                    symptoms, evidence, "Use an existing StorageClass (" + String.join(", ",
                            snapshot.all("StorageClass").stream().map(KubeObjects::name).toList()) + ") or create " + className + ".");
        }
        JsonNode sc = snapshot.get("StorageClass", null, className);
        boolean staticClass = className.isEmpty() || sc != null && "kubernetes.io/no-provisioner".equals(text(sc, "provisioner"));
        if (staticClass) {
            BigDecimal wanted = Quantities.parse(size);
            List<String> available = new ArrayList<>();
            for (JsonNode pv : snapshot.all("PersistentVolume")) {
                String pvClass = text(pv, "spec", "storageClassName");
                if (!"Available".equals(text(pv, "status", "phase")) || !className.equals(pvClass == null ? "" : pvClass)) {
                    continue;
                }
                String cap = text(pv, "spec", "capacity", "storage");
                List<String> pvModes = list(pv, "spec", "accessModes").stream().map(JsonNode::asText).toList();
                BigDecimal c = Quantities.parse(cap);
                if (c != null && wanted != null && c.compareTo(wanted) >= 0 && pvModes.containsAll(modes)) {
                    return null;
                }
                available.add(KubeObjects.name(pv) + " " + cap + " " + String.join("+", pvModes));
            }
            evidence.add(Evidence.relation(ref, "Available PersistentVolumes of class " + className,
                    available.isEmpty() ? "none" : String.join("; ", available)));
            return Finding.of(DiagnosisCode.PVC_NO_MATCHING_PV, ref,
                    claim + " requests " + size + " " + String.join("+", modes) + " of static class "
                            + (className.isEmpty() ? "\"\"" : className) + " but no Available PersistentVolume matches"
                            + (available.isEmpty() ? " (there is none)" : " (available: " + String.join("; ", available) + ")") + ".",
                    pods, evidence, "Create a PersistentVolume of class " + className + " with at least " + size
                            + " and access modes " + String.join(",", modes) + ", or change the claim.");
        }
        List<JsonNode> failed = snapshot.eventsFor(ref).stream().filter(e -> "ProvisioningFailed".equals(text(e, "reason"))).toList();
        if (!failed.isEmpty()) {
            JsonNode e = failed.get(failed.size() - 1);
            evidence.add(Evidence.event(ref, "ProvisioningFailed", KubeObjects.clip(text(e, "message"), 300),
                    String.valueOf(ClusterSnapshot.eventTime(e))));
            return Finding.of(DiagnosisCode.PVC_PROVISIONING_FAILED, ref,
                    "The provisioner " + text(sc, "provisioner") + " of StorageClass " + className + " fails to create the volume for "
                            + claim + ": " + KubeObjects.clip(text(e, "message"), 240) + ".",
                    pods, evidence, "Fix the provisioner's error (quota, permissions, zone, parameters of the StorageClass).");
        }
        return null;
    }
}
