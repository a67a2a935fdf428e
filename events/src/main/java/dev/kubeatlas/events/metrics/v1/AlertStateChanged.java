package dev.kubeatlas.events.metrics.v1;

import java.time.Instant;

/**
 * An alert moved between {@code pending}, {@code firing} and {@code resolved}.
 *
 * @param target the object the rule matched, e.g. {@code node/worker-a} or {@code pod/shop/cart-7d9f}
 */
public record AlertStateChanged(
        String alertId,
        String ruleId,
        String ruleName,
        String cluster,
        String target,
        String metric,
        double value,
        double threshold,
        String severity,
        String previousState,
        String state,
        Instant since) {
}
