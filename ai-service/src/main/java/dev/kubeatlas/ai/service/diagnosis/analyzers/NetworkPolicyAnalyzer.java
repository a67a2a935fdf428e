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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.list;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides that a default-deny ingress NetworkPolicy (empty podSelector, Ingress in policyTypes, no ingress rules)
 * cuts off Services of its namespace: those whose selected pods no other policy of the namespace admits traffic to.
 * Its age is stated, so a policy created minutes ago stands out as the change that broke traffic.
 */
public final class NetworkPolicyAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode np : snapshot.all("NetworkPolicy")) {
            if (!denyAllIngress(np)) {
                continue;
            }
            ObjectRef ref = KubeObjects.ref("NetworkPolicy", np);
            List<JsonNode> allowing = snapshot.inNamespace("NetworkPolicy", ref.namespace()).stream()
                    .filter(p -> !list(p, "spec", "ingress").isEmpty()).toList();
            List<ObjectRef> cutOff = new ArrayList<>();
            for (JsonNode svc : snapshot.inNamespace("Service", ref.namespace())) {
                Map<String, String> selector = KubeObjects.stringMap(svc, "spec", "selector");
                List<JsonNode> pods = snapshot.podsSelectedBy(ref.namespace(), selector);
                if (pods.isEmpty()) {
                    continue;
                }
                boolean admitted = allowing.stream().anyMatch(p ->
                        LabelSelectors.matches(p.path("spec").path("podSelector"), KubeObjects.labels(pods.get(0))));
                if (!admitted) {
                    cutOff.add(KubeObjects.ref("Service", svc));
                }
            }
            if (cutOff.isEmpty()) {
                continue;
            }
            String created = text(np, "metadata", "creationTimestamp");
            Instant c = KubeObjects.instant(created);
            String age = c == null ? "" : " (created " + created + ", " + Duration.between(c, snapshot.capturedAt()).toMinutes()
                    + " minutes before this snapshot)";
            findings.add(Finding.of(DiagnosisCode.NETWORKPOLICY_DEFAULT_DENY, ref,
                    "NetworkPolicy " + ref.namespace() + "/" + ref.name() + age + " denies all ingress to every pod in "
                            + ref.namespace() + " and no other policy admits traffic to the pods of Service"
                            + (cutOff.size() == 1 ? " " : "s ") + String.join(", ", cutOff.stream().map(ObjectRef::name).toList()) + ".",
                    cutOff, List.of(Evidence.spec(ref, "spec.podSelector", "{} (all pods)"),
                            Evidence.spec(ref, "spec.policyTypes", "Ingress, no ingress rules"),
                            Evidence.spec(ref, "metadata.creationTimestamp", created)),
                    "Add NetworkPolicies that allow the intended clients to reach these pods, or remove the default-deny policy."));
        }
        return findings;
    }

    private static boolean denyAllIngress(JsonNode np) {
        JsonNode selector = np.path("spec").path("podSelector");
        boolean allPods = selector.isMissingNode() || selector.isEmpty();
        List<String> types = list(np, "spec", "policyTypes").stream().map(JsonNode::asText).toList();
        boolean ingress = types.isEmpty() || types.contains("Ingress");
        return allPods && ingress && list(np, "spec", "ingress").isEmpty();
    }
}
