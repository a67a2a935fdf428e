package dev.kubeatlas.metrics.service;

import dev.kubeatlas.metrics.model.ClusterSnapshot;
import dev.kubeatlas.metrics.service.collection.Samples;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsServiceTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void aRisingQuotaIsForecastToRunOutAtTheCurrentRate() {
        ClusterSnapshot.QuotaStats pods = new ClusterSnapshot.QuotaStats("shop", "q", "pods", 50, 100, 50.0);
        // ten pods an hour: fifty left, five hours
        MetricsService.QuotaTrend rising = MetricsService.trend(pods, new Samples.Trend(10.0 / 3600, 40), NOW);
        assertThat(rising.trend()).isEqualTo("rising");
        assertThat(rising.changePerHour()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rising.exhaustedAt()).isEqualTo(NOW.plus(Duration.ofHours(5)));

        assertThat(MetricsService.trend(pods, new Samples.Trend(-1.0 / 3600, 40), NOW).trend()).isEqualTo("falling");
        assertThat(MetricsService.trend(pods, new Samples.Trend(0, 40), NOW).trend()).isEqualTo("steady");
        assertThat(MetricsService.trend(pods, new Samples.Trend(5, 2), NOW).trend()).isEqualTo("unknown");
        assertThat(MetricsService.trend(pods, null, NOW).exhaustedAt()).isNull();
        ClusterSnapshot.QuotaStats full = new ClusterSnapshot.QuotaStats("shop", "q", "pods", 100, 100, 100.0);
        assertThat(MetricsService.trend(full, new Samples.Trend(1, 40), NOW).trend()).isEqualTo("exhausted");
    }
}
