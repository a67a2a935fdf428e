package dev.kubeatlas.metrics.service.alerts;

import dev.kubeatlas.metrics.model.AlertRule;
import dev.kubeatlas.metrics.model.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.kubeatlas.metrics.service.collection.RestartWindowTest.NOW;
import static dev.kubeatlas.metrics.service.collection.RestartWindowTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class AlertScopesTest {

    @Test
    void rulesApplyToTheirScopeOnly() {
        ClusterSnapshot.PodStats cart = snapshot(NOW, 0).pods().get(0);
        Map<String, ClusterSnapshot.PodStats> pods = Map.of("pod/shop/cart", cart);
        AlertRule rule = new AlertRule();
        rule.targetKind = "pod";
        assertThat(AlertScopes.applies(rule, "pod/shop/cart", pods)).isTrue();
        assertThat(AlertScopes.applies(rule, "node/worker-a", pods)).isFalse();
        rule.namespace = "payments";
        assertThat(AlertScopes.applies(rule, "pod/shop/cart", pods)).isFalse();
        rule.namespace = "shop";
        rule.node = "worker-a";
        rule.podSelector = "app in (cart,checkout),tier!=batch";
        assertThat(AlertScopes.applies(rule, "pod/shop/cart", pods)).isTrue();
        rule.podSelector = "app=frontend";
        assertThat(AlertScopes.applies(rule, "pod/shop/cart", pods)).isFalse();
        rule.podSelector = null;
        rule.node = "worker-b";
        assertThat(AlertScopes.applies(rule, "pod/shop/cart", pods)).isFalse();

        AlertRule quota = new AlertRule();
        quota.targetKind = "quota";
        quota.namespace = "shop";
        assertThat(AlertScopes.applies(quota, "quota/shop/shop-quota/pods", pods)).isTrue();
        assertThat(AlertScopes.applies(quota, "quota/other/q/pods", pods)).isFalse();
    }
}
