package dev.kubeatlas.metrics.rest.dto;

import dev.kubeatlas.metrics.model.AlertRule;

/** A rule: a metric of a kind of target against a threshold for a duration, in a scope. */
public record AlertRuleView(String id, String name, String targetKind, String metric, String comparison,
                            double threshold, int durationSeconds, String severity, String cluster, String namespace,
                            String node, String podSelector, boolean enabled, boolean builtin) {

    public static AlertRuleView of(AlertRule r) {
        return new AlertRuleView(r.id, r.name, r.targetKind, r.metric, r.comparison, r.threshold, r.durationSeconds,
                r.severity, r.cluster, r.namespace, r.node, r.podSelector, r.enabled, r.builtin);
    }
}
