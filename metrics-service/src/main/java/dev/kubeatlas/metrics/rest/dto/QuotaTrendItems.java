package dev.kubeatlas.metrics.rest.dto;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.kubeatlas.metrics.service.MetricsService;
import dev.kubeatlas.support.rest.Items;

import java.time.Instant;

/** Every quota resource with its trend over {@code window} (ISO-8601), in the list envelope. */
public record QuotaTrendItems(String cluster, Instant collectedAt, String window,
                              @JsonUnwrapped Items<MetricsService.QuotaTrend> list) {

    public static QuotaTrendItems of(MetricsService.QuotaTrends trends) {
        return new QuotaTrendItems(trends.cluster(), trends.collectedAt(), trends.window(), Items.of(trends.items()));
    }
}
