package dev.kubeatlas.metrics.service.alerts;

import dev.kubeatlas.metrics.model.Alert;
import dev.kubeatlas.metrics.model.AlertRule;
import dev.kubeatlas.metrics.model.ClusterSnapshot;
import dev.kubeatlas.metrics.service.collection.Samples;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.kubeatlas.metrics.service.collection.RestartWindowTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** The alert state machine: pending, firing once held for the duration, resolved when it no longer holds. */
class AlertEvaluatorTest {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    static AlertRule rule(String metric, String comparison, double threshold, int durationSeconds) {
        AlertRule rule = new AlertRule();
        rule.id = metric + comparison + threshold;
        rule.targetKind = "node";
        rule.metric = metric;
        rule.comparison = comparison;
        rule.threshold = threshold;
        rule.durationSeconds = durationSeconds;
        return rule;
    }

    @Test
    void comparisonsAreStrictOrNotAsWritten() {
        assertThat(rule("m", ">", 90, 0).matches(90)).isFalse();
        assertThat(rule("m", ">=", 90, 0).matches(90)).isTrue();
        assertThat(rule("m", "<", 1, 0).matches(0)).isTrue();
        assertThat(rule("m", "<=", 1, 0).matches(1.5)).isFalse();
        assertThat(rule("m", "~", 1, 0).matches(1)).isFalse();
    }

    @Test
    void aMatchIsPendingThenFiringOnceItHeldForTheDuration() {
        AlertRule rule = rule("cpu.usage.percent", ">", 90, 300);
        assertThat(AlertEvaluator.transition(rule, null, T0, 50, T0)).isNull();
        assertThat(AlertEvaluator.transition(rule, null, T0, 95, T0)).isEqualTo(Alert.PENDING);
        assertThat(AlertEvaluator.transition(rule, Alert.PENDING, T0, 96, T0.plusSeconds(299))).isNull();
        assertThat(AlertEvaluator.transition(rule, Alert.PENDING, T0, 96, T0.plusSeconds(300))).isEqualTo(Alert.FIRING);
        assertThat(AlertEvaluator.transition(rule, Alert.FIRING, T0, 97, T0.plusSeconds(900))).isNull();
        assertThat(AlertEvaluator.transition(rule, Alert.FIRING, T0, 80, T0.plusSeconds(960))).isEqualTo(Alert.RESOLVED);
        assertThat(AlertEvaluator.transition(rule, Alert.PENDING, T0, 80, T0.plusSeconds(60))).isEqualTo(Alert.RESOLVED);
    }

    @Test
    void aRuleWithoutDurationFiresAtOnce() {
        assertThat(AlertEvaluator.transition(rule("ready", "<", 1, 0), null, T0, 0, T0)).isEqualTo(Alert.FIRING);
    }

    @Test
    void rulesMeetOnlyTheSamplesOfTheirMetricAndScope() {
        AlertRule hot = rule("cpu.usage.percent", ">", 90, 0);
        hot.node = "worker-a";
        AlertRule pods = rule("restarts.increase", ">", 0, 0);
        pods.targetKind = "pod";
        pods.namespace = "shop";
        List<Samples.Sample> samples = List.of(new Samples.Sample("node/worker-a", "cpu.usage.percent", 95),
                new Samples.Sample("node/worker-b", "cpu.usage.percent", 99),
                new Samples.Sample("node/worker-a", "memory.usage.percent", 99),
                new Samples.Sample("pod/shop/cart", "restarts.increase", 1),
                new Samples.Sample("pod/other/x", "restarts.increase", 1));
        ClusterSnapshot snapshot = snapshot(T0, 1);
        assertThat(AlertEvaluator.matches(List.of(hot, pods), samples, snapshot))
                .extracting(m -> m.rule().metric + " " + m.sample().target())
                .containsExactly("cpu.usage.percent node/worker-a", "restarts.increase pod/shop/cart");
    }
}
