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
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides why an Ingress cannot route: a backend Service that does not exist, a backend port the Service does not
 * expose, an IngressClass that does not exist, a TLS Secret that does not exist.
 */
public final class IngressAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode ing : snapshot.all("Ingress")) {
            ObjectRef ref = KubeObjects.ref("Ingress", ing);
            String className = text(ing, "spec", "ingressClassName");
            if (className != null && !snapshot.contains(ObjectRef.of("IngressClass", null, className))) {
                findings.add(Finding.of(DiagnosisCode.INGRESSCLASS_MISSING, ObjectRef.of("IngressClass", null, className),
                        "IngressClass " + className + " does not exist, so no controller serves Ingress " + ref.namespace() + "/" + ref.name() + ".",
                        List.of(ref), List.of(Evidence.spec(ref, "spec.ingressClassName", className)),
                        "Set spec.ingressClassName to an installed class (" + classes(snapshot) + ") or install the controller."));
            }
            List<JsonNode> backends = new ArrayList<>();
            List<String> where = new ArrayList<>();
            if (ing.path("spec").has("defaultBackend")) {
                backends.add(ing.path("spec").path("defaultBackend"));
                where.add("spec.defaultBackend");
            }
            for (JsonNode rule : list(ing, "spec", "rules")) {
                for (JsonNode path : list(rule, "http", "paths")) {
                    backends.add(path.path("backend"));
                    where.add("rules[" + (text(rule, "host") == null ? "*" : text(rule, "host")) + "]" + text(path, "path"));
                }
            }
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < backends.size(); i++) {
                String svcName = text(backends.get(i), "service", "name");
                if (svcName == null || seen.contains(svcName + where.get(i))) {
                    continue;
                }
                seen.add(svcName + where.get(i));
                ObjectRef svcRef = ObjectRef.of("Service", ref.namespace(), svcName);
                JsonNode svc = snapshot.get(svcRef);
                if (svc == null) {
                    findings.add(Finding.of(DiagnosisCode.INGRESS_BACKEND_SERVICE_MISSING, svcRef,
                            "Service " + ref.namespace() + "/" + svcName + " does not exist, but Ingress " + ref.name()
                                    + " routes " + where.get(i) + " to it, so those requests fail with 503.",
                            List.of(ref), List.of(Evidence.spec(ref, where.get(i) + ".backend.service.name", svcName),
                                    Evidence.relation(ref, "Service " + ref.namespace() + "/" + svcName, "not found in the cluster")),
                            "Create the Service or point the Ingress at an existing one."));
                    continue;
                }
                String number = text(backends.get(i), "service", "port", "number");
                String name = text(backends.get(i), "service", "port", "name");
                boolean found = false;
                List<String> exposed = new ArrayList<>();
                for (JsonNode p : list(svc, "spec", "ports")) {
                    exposed.add(text(p, "port") + (text(p, "name") != null ? " (" + text(p, "name") + ")" : ""));
                    found |= number != null ? number.equals(text(p, "port")) : name != null && name.equals(text(p, "name"));
                }
                if (!found && (number != null || name != null)) {
                    String wanted = number != null ? number : name;
                    findings.add(Finding.of(DiagnosisCode.INGRESS_BACKEND_PORT_MISSING, ref,
                            "Ingress " + ref.namespace() + "/" + ref.name() + " routes " + where.get(i) + " to port " + wanted
                                    + " of Service " + svcName + ", which exposes only " + String.join(", ", exposed) + ".",
                            List.of(svcRef), List.of(Evidence.spec(ref, where.get(i) + ".backend.service.port", wanted),
                                    Evidence.spec(svcRef, "spec.ports", String.join(",", exposed))),
                            "Use one of the Service's ports in the Ingress backend."));
                }
            }
            for (JsonNode tls : list(ing, "spec", "tls")) {
                String secret = text(tls, "secretName");
                if (secret != null && snapshot.secretKeys(ref.namespace(), secret) == null) {
                    findings.add(Finding.of(DiagnosisCode.INGRESS_TLS_SECRET_MISSING, ObjectRef.of("Secret", ref.namespace(), secret),
                            "TLS Secret " + ref.namespace() + "/" + secret + " named by Ingress " + ref.name()
                                    + " does not exist, so the controller serves its default certificate for "
                                    + String.join(", ", list(tls, "hosts").stream().map(JsonNode::asText).toList()) + ".",
                            List.of(ref), List.of(Evidence.spec(ref, "spec.tls[].secretName", secret),
                                    Evidence.relation(ref, "Secret " + ref.namespace() + "/" + secret, "not found in the cluster")),
                            "Create the kubernetes.io/tls Secret (or the cert-manager Certificate that issues it)."));
                }
            }
        }
        return findings;
    }

    private static String classes(ClusterSnapshot snapshot) {
        List<String> names = snapshot.all("IngressClass").stream().map(KubeObjects::name).toList();
        return names.isEmpty() ? "none installed" : String.join(", ", names);
    }
}
