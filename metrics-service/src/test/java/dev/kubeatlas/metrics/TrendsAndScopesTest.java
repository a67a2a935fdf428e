package dev.kubeatlas.metrics;

import dev.kubeatlas.metrics.alerts.AlertRule;
import dev.kubeatlas.metrics.alerts.AlertScopes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrendsAndScopesTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void aRisingQuotaIsForecastToRunOutAtTheCurrentRate() {
        ClusterSnapshot.QuotaStats pods = new ClusterSnapshot.QuotaStats("shop", "q", "pods", 50, 100, 50.0);
        // ten pods an hour: fifty left, five hours
        MetricsEndpoint.QuotaTrend rising = MetricsEndpoint.trend(pods, new Samples.Trend(10.0 / 3600, 40), NOW);
        assertThat(rising.trend()).isEqualTo("rising");
        assertThat(rising.changePerHour()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rising.exhaustedAt()).isEqualTo(NOW.plus(Duration.ofHours(5)));

        assertThat(MetricsEndpoint.trend(pods, new Samples.Trend(-1.0 / 3600, 40), NOW).trend()).isEqualTo("falling");
        assertThat(MetricsEndpoint.trend(pods, new Samples.Trend(0, 40), NOW).trend()).isEqualTo("steady");
        assertThat(MetricsEndpoint.trend(pods, new Samples.Trend(5, 2), NOW).trend()).isEqualTo("unknown");
        assertThat(MetricsEndpoint.trend(pods, null, NOW).exhaustedAt()).isNull();
        ClusterSnapshot.QuotaStats full = new ClusterSnapshot.QuotaStats("shop", "q", "pods", 100, 100, 100.0);
        assertThat(MetricsEndpoint.trend(full, new Samples.Trend(1, 40), NOW).trend()).isEqualTo("exhausted");
    }

    static ClusterSnapshot snapshot(Instant at, int restarts) {
        ClusterSnapshot.PodStats pod = new ClusterSnapshot.PodStats("shop", "cart", "worker-a", "Running", true, restarts,
                "Burstable", null, List.of(), null, null, false, false, Map.of("app", "cart"));
        return new ClusterSnapshot("c", at, false, "none", List.of(), List.of(pod), List.of(), null);
    }

    @Test
    void restartsIncreaseCountsOnlyWithinTheWindow() {
        RestartWindow window = new RestartWindow(Duration.ofMinutes(10));
        assertThat(window.increases("c", snapshot(NOW, 3)).get(0).value()).isZero(); // first seen with 3: no increase
        assertThat(window.increases("c", snapshot(NOW.plusSeconds(60), 5)).get(0).value()).isEqualTo(2);
        assertThat(window.increases("c", snapshot(NOW.plusSeconds(300), 6)).get(0).value()).isEqualTo(3);
        // eleven minutes after the first restarts: only those after the window's start count
        assertThat(window.increases("c", snapshot(NOW.plusSeconds(660), 6)).get(0).value()).isEqualTo(1);
        assertThat(window.increases("c", snapshot(NOW.plusSeconds(1000), 6)).get(0).value()).isZero();
    }

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
