package dev.kubeatlas.ai.service.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the analyzers' findings into root causes, in three rules applied in order:
 * <ol>
 *   <li><b>same cause, one finding</b>: findings with the same code on the same object merge, their symptoms joined
 *       (five pods missing ConfigMap {@code app-config} → one {@code configmap-missing} on the ConfigMap);</li>
 *   <li><b>pods roll up to their workload</b>: pod findings of one code whose pods share a workload become one
 *       finding on the workload (Deployment over ReplicaSet, CronJob over Job), the pods as symptoms;</li>
 *   <li><b>causes absorb what they explain</b>: a SYMPTOM finding (unavailable replicas, Service without ready
 *       endpoints) or a CONTEXTUAL one (unschedulable pod, failed Job, exhausted quota) that shares an object with a
 *       finding of a stronger role disappears into it, its object becoming one more symptom.</li>
 * </ol>
 * The result is ordered by severity, then namespace, name, kind and code, so equal snapshots give equal lists.
 */
public final class FindingCorrelator {

    /** The order of a diagnosis: severity, then namespace/name/kind of the object, then code. */
    public static final Comparator<Finding> ORDER = Comparator
            .comparing(Finding::severity)
            .thenComparing(Finding::object)
            .thenComparing(f -> f.rootCause().code());

    private static final int EVIDENCE_TAKEN = 3;

    public List<Finding> correlate(List<Finding> findings, ClusterSnapshot snapshot) {
        List<Finding> merged = mergeSameCause(findings);
        List<Finding> rolled = rollUpToWorkloads(merged, snapshot);
        List<Finding> absorbed = absorbExplained(mergeSameCause(rolled));
        absorbed.sort(ORDER);
        return absorbed;
    }

    private static List<Finding> mergeSameCause(List<Finding> findings) {
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        for (Finding f : findings) {
            groups.computeIfAbsent(f.rootCause().code() + "|" + f.object(), k -> new ArrayList<>()).add(f);
        }
        List<Finding> out = new ArrayList<>();
        for (List<Finding> group : groups.values()) {
            Finding first = group.get(0);
            for (Finding other : group.subList(1, group.size())) {
                first = first.absorbing(other.symptoms(), other.evidence().subList(0, Math.min(EVIDENCE_TAKEN, other.evidence().size())));
            }
            if (group.size() > 1) {
                String s = first.rootCause().summary();
                first = first.movedTo(first.object(), stripDot(s) + " (" + first.symptoms().size() + " affected objects in all).",
                        first.symptoms(), first.evidence());
            }
            out.add(first);
        }
        return out;
    }

    private static List<Finding> rollUpToWorkloads(List<Finding> findings, ClusterSnapshot snapshot) {
        Map<String, List<Finding>> byWorkload = new LinkedHashMap<>();
        List<Finding> out = new ArrayList<>();
        Map<String, ObjectRef> workloads = new LinkedHashMap<>();
        for (Finding f : findings) {
            JsonNode pod = "Pod".equals(f.object().kind()) ? snapshot.get(f.object()) : null;
            ObjectRef workload = pod == null ? null : snapshot.workloadOf(pod);
            if (workload == null) {
                out.add(f);
                continue;
            }
            String key = f.rootCause().code() + "|" + workload;
            byWorkload.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
            workloads.put(key, workload);
        }
        byWorkload.forEach((key, group) -> {
            ObjectRef workload = workloads.get(key);
            Finding first = group.get(0);
            List<ObjectRef> symptoms = new ArrayList<>();
            List<Evidence> evidence = new ArrayList<>(first.evidence());
            for (Finding f : group) {
                symptoms.addAll(f.cited());
                if (f != first) {
                    f.evidence().stream().limit(EVIDENCE_TAKEN).filter(e -> !evidence.contains(e)).forEach(evidence::add);
                }
            }
            int total = snapshot.podsOf(workload).size();
            String summary = workload.display() + ": " + group.size() + " of its " + total + " pods fail the same way; "
                    + lowerFirst(first.rootCause().summary());
            out.add(first.movedTo(workload, summary, symptoms, evidence));
        });
        return out;
    }

    private static List<Finding> absorbExplained(List<Finding> input) {
        List<Finding> findings = new ArrayList<>(input);
        findings.sort(ORDER);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < findings.size() && !changed; i++) {
                Finding d = findings.get(i);
                if (d.code().role() == DiagnosisCode.Role.ROOT) {
                    continue;
                }
                int target = bestTarget(findings, d);
                if (target >= 0) {
                    Finding t = findings.get(target);
                    findings.set(target, t.absorbing(d.cited(), d.evidence().subList(0, Math.min(EVIDENCE_TAKEN, d.evidence().size()))));
                    findings.remove(i);
                    changed = true;
                }
            }
        }
        return findings;
    }

    /** The finding of a stronger role sharing the most objects with {@code d} (its own object counting most); -1 if none. */
    private static int bestTarget(List<Finding> findings, Finding d) {
        Set<ObjectRef> cited = new HashSet<>(d.cited());
        int best = -1;
        int bestScore = 0;
        for (int j = 0; j < findings.size(); j++) {
            Finding t = findings.get(j);
            if (t.code().role().ordinal() >= d.code().role().ordinal()) {
                continue;
            }
            int score = 0;
            for (ObjectRef r : t.cited()) {
                if (cited.contains(r)) {
                    score += r.equals(d.object()) ? 1000 : 1;
                }
            }
            if (score > bestScore || score == bestScore && score > 0 && best >= 0
                    && t.code().role().ordinal() < findings.get(best).code().role().ordinal()) {
                best = j;
                bestScore = score;
            }
        }
        return best;
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() || s.length() > 1 && Character.isUpperCase(s.charAt(1)) ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
