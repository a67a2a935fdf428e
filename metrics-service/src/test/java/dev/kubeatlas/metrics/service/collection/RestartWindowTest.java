package dev.kubeatlas.metrics.service.collection;

import dev.kubeatlas.metrics.model.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

public class RestartWindowTest {

    public static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    public static ClusterSnapshot snapshot(Instant at, int restarts) {
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
}
