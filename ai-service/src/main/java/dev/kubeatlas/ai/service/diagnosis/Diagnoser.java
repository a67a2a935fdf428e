package dev.kubeatlas.ai.service.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.ai.service.diagnosis.analyzers.AllAnalyzers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers "why is it broken" for a snapshot and a scope: runs every analyzer over the whole snapshot, correlates
 * their findings into root causes ({@link FindingCorrelator}), and keeps those citing something in scope, ordered.
 * Pure and deterministic: no I/O, no clock (ages are measured against {@link ClusterSnapshot#capturedAt()}).
 */
public final class Diagnoser {

    private final List<Analyzer> analyzers;
    private final FindingCorrelator correlator = new FindingCorrelator();

    public Diagnoser() {
        this(AllAnalyzers.list());
    }

    public Diagnoser(List<Analyzer> analyzers) {
        this.analyzers = List.copyOf(analyzers);
    }

    public List<Finding> diagnose(ClusterSnapshot snapshot, Scope scope) {
        List<Finding> raw = new ArrayList<>();
        for (Analyzer a : analyzers) {
            raw.addAll(a.analyze(snapshot));
        }
        List<Finding> correlated = correlator.correlate(raw, snapshot);
        if (scope.type() == Scope.Type.CLUSTER) {
            return correlated;
        }
        Set<ObjectRef> related = scope.type() == Scope.Type.OBJECT ? related(snapshot, scope.object()) : Set.of();
        List<Finding> kept = new ArrayList<>();
        for (Finding f : correlated) {
            for (ObjectRef r : f.cited()) {
                boolean in = scope.type() == Scope.Type.NAMESPACE ? scope.namespace().equals(r.namespace()) : related.contains(r);
                if (in) {
                    kept.add(f);
                    break;
                }
            }
        }
        return kept;
    }

    /** The object, its owners, the pods it runs and their owners, and the Services selecting those pods. */
    static Set<ObjectRef> related(ClusterSnapshot snapshot, ObjectRef object) {
        Set<ObjectRef> related = new HashSet<>();
        related.add(object);
        JsonNode node = snapshot.get(object);
        if (node == null) {
            return related;
        }
        List<JsonNode> pods = new ArrayList<>();
        if ("Pod".equals(object.kind())) {
            pods.add(node);
        } else if (ClusterSnapshot.WORKLOAD_KINDS.contains(object.kind())) {
            pods.addAll(snapshot.podsOf(object));
        } else if ("Service".equals(object.kind())) {
            pods.addAll(snapshot.podsSelectedBy(object.namespace(), KubeObjects.stringMap(node, "spec", "selector")));
        }
        for (ObjectRef o = snapshot.controllerOf(node); o != null && related.add(o); ) {
            JsonNode owner = snapshot.get(o);
            o = owner == null ? null : snapshot.controllerOf(owner);
        }
        for (JsonNode pod : pods) {
            ObjectRef p = KubeObjects.ref("Pod", pod);
            related.add(p);
            for (ObjectRef o = snapshot.controllerOf(pod); o != null && related.add(o); ) {
                JsonNode owner = snapshot.get(o);
                o = owner == null ? null : snapshot.controllerOf(owner);
            }
            String node2 = KubeObjects.text(pod, "spec", "nodeName");
            if (node2 != null) {
                related.add(ObjectRef.of("Node", null, node2));
            }
            Map<String, String> labels = KubeObjects.labels(pod);
            for (JsonNode svc : snapshot.inNamespace("Service", p.namespace())) {
                Map<String, String> selector = KubeObjects.stringMap(svc, "spec", "selector");
                if (!selector.isEmpty() && LabelSelectors.matches(selector, labels)) {
                    related.add(KubeObjects.ref("Service", svc));
                }
            }
        }
        return related;
    }
}
