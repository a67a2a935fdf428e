package dev.kubeatlas.metrics.service.alerts;

import dev.kubeatlas.metrics.model.AlertRule;
import dev.kubeatlas.metrics.model.ClusterSnapshot;
import dev.kubeatlas.support.selector.Selectors;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Which targets a rule looks at. */
public final class AlertScopes {

    /** Parsed pod selectors of the rules, by their text. */
    static final Map<String, Predicate<Map<String, String>>> SELECTORS = new ConcurrentHashMap<>();

    /** Whether the rule looks at this target: its kind, then its namespace, node and pod selector, if any. */
    public static boolean applies(AlertRule rule, String target, Map<String, ClusterSnapshot.PodStats> pods) {
        if ("cluster".equals(rule.targetKind)) {
            return "cluster".equals(target);
        }
        if (!target.startsWith(rule.targetKind + "/")) {
            return false;
        }
        String[] parts = target.split("/");
        return switch (rule.targetKind) {
            case "node" -> rule.node == null || rule.node.equals(parts[1]);
            case "quota" -> rule.namespace == null || rule.namespace.equals(parts[1]);
            case "pod" -> {
                ClusterSnapshot.PodStats pod = pods.get(target);
                yield (rule.namespace == null || rule.namespace.equals(parts[1]))
                        && (rule.node == null || pod != null && rule.node.equals(pod.node()))
                        && (rule.podSelector == null || pod != null
                                && SELECTORS.computeIfAbsent(rule.podSelector, Selectors::labels).test(pod.labels()));
            }
            default -> false;
        };
    }

    private AlertScopes() {
    }
}
