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

import java.util.ArrayList;
import java.util.List;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides that a ResourceQuota is exhausted: for some resource, used has reached hard, so the next object that needs
 * it is refused. When a workload is actually refused, the {@code quota-exceeded} finding on the same quota absorbs this one.
 */
public final class ResourceQuotaAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode q : snapshot.all("ResourceQuota")) {
            ObjectRef ref = KubeObjects.ref("ResourceQuota", q);
            List<String> full = new ArrayList<>();
            List<Evidence> evidence = new ArrayList<>();
            KubeObjects.stringMap(q, "status", "hard").forEach((resource, hard) -> {
                String used = text(q, "status", "used", resource);
                if (Quantities.atOrAbove(used, hard) && Quantities.parse(hard).signum() > 0) {
                    full.add(resource + " " + used + "/" + hard);
                    evidence.add(Evidence.status(ref, "status.used." + resource + " / status.hard." + resource, used + " / " + hard, null));
                }
            });
            if (!full.isEmpty()) {
                findings.add(Finding.of(DiagnosisCode.QUOTA_EXHAUSTED, ref,
                        "ResourceQuota " + ref.namespace() + "/" + ref.name() + " is used up for " + String.join(", ", full)
                                + ", so new objects needing it are refused.",
                        List.of(), evidence, "Raise the quota or free the resource in namespace " + ref.namespace() + "."));
            }
        }
        return findings;
    }
}
