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

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides that a PodDisruptionBudget allows no voluntary disruption at all — minAvailable at or above the number of
 * pods it selects, or maxUnavailable 0 — so every eviction, drain and node upgrade touching those pods blocks.
 */
public final class PodDisruptionBudgetAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode pdb : snapshot.all("PodDisruptionBudget")) {
            ObjectRef ref = KubeObjects.ref("PodDisruptionBudget", pdb);
            List<JsonNode> pods = snapshot.podsSelectedBy(ref.namespace(), pdb.path("spec").path("selector"))
                    .stream().filter(p -> !Pods.terminal(p)).toList();
            if (pods.isEmpty()) {
                continue;
            }
            String minAvailable = text(pdb, "spec", "minAvailable");
            String maxUnavailable = text(pdb, "spec", "maxUnavailable");
            long required;
            String rule;
            if (minAvailable != null) {
                required = minAvailable.endsWith("%")
                        ? (long) Math.ceil(pods.size() * Integer.parseInt(minAvailable.replace("%", "")) / 100.0)
                        : Long.parseLong(minAvailable);
                rule = "minAvailable " + minAvailable;
            } else if (maxUnavailable != null && maxUnavailable.replace("%", "").equals("0")) {
                required = pods.size();
                rule = "maxUnavailable " + maxUnavailable;
            } else {
                continue;
            }
            if (required < pods.size()) {
                continue;
            }
            findings.add(Finding.of(DiagnosisCode.PDB_BLOCKS_EVICTION, ref,
                    "PodDisruptionBudget " + ref.namespace() + "/" + ref.name() + " requires " + rule + " of the "
                            + pods.size() + " pods it selects, so it allows 0 disruptions and every eviction or node drain of them blocks.",
                    pods.stream().map(Pods::ref).toList(),
                    List.of(Evidence.spec(ref, minAvailable != null ? "spec.minAvailable" : "spec.maxUnavailable",
                                    minAvailable != null ? minAvailable : maxUnavailable),
                            Evidence.status(ref, "status.disruptionsAllowed", KubeObjects.number(pdb, 0, "status", "disruptionsAllowed"), null),
                            Evidence.relation(ref, "selected pods", pods.size())),
                    "Lower minAvailable below the replica count (or use maxUnavailable 1), or run more replicas."));
        }
        return findings;
    }
}
