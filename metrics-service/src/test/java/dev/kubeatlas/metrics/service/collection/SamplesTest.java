package dev.kubeatlas.metrics.service.collection;

import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplesTest {

    @Test
    void seriesTargetsAndMetrics() {
        assertThat(Samples.kindOf("cluster")).isEqualTo("cluster");
        assertThat(Samples.kindOf("pod/shop/cart-1")).isEqualTo("pod");
        assertThat(Samples.kindOf("quota/shop/q/count/deployments.apps")).isEqualTo("quota");
        for (String bad : List.of("galaxy/x", "node/", "node/a/b", "pod/Shop/x", "cluster/x", "node/a b")) {
            assertThatThrownBy(() -> Samples.kindOf(bad)).as(bad).isInstanceOf(ProblemException.class);
        }
        assertThatThrownBy(() -> Samples.requireMetric("node", "cpu.usge")).hasMessageContaining("cpu.usage.percent")
                .hasMessageContaining("'cpu.usge'");
        assertThat(Samples.requireMetric("pod", "restarts.increase")).isEqualTo("restarts.increase");
    }

    static final Samples.Retention RETENTION = new Samples.Retention(Duration.ofHours(24), Duration.ofDays(30),
            Duration.ofDays(365));
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void theFinestResolutionThatHoldsTheRangeIsRead() {
        assertThat(Samples.resolutionFor(NOW.minus(Duration.ofHours(1)), 36, NOW, RETENTION)).isEqualTo(Samples.Resolution.RAW);
        // a step of five minutes or more: the 5-minute rollups, even within raw retention
        assertThat(Samples.resolutionFor(NOW.minus(Duration.ofHours(1)), 300, NOW, RETENTION)).isEqualTo(Samples.Resolution.FIVE_MINUTES);
        // past raw retention: rollups whatever the step
        assertThat(Samples.resolutionFor(NOW.minus(Duration.ofDays(2)), 1, NOW, RETENTION)).isEqualTo(Samples.Resolution.FIVE_MINUTES);
        assertThat(Samples.resolutionFor(NOW.minus(Duration.ofDays(2)), 3600, NOW, RETENTION)).isEqualTo(Samples.Resolution.ONE_HOUR);
        assertThat(Samples.resolutionFor(NOW.minus(Duration.ofDays(60)), 60, NOW, RETENTION)).isEqualTo(Samples.Resolution.ONE_HOUR);
    }

    @Test
    void theStepIsNeverFinerThanTheResolution() {
        assertThat(Samples.Resolution.RAW.step(0)).isEqualTo(1);
        assertThat(Samples.Resolution.RAW.step(15)).isEqualTo(15);
        assertThat(Samples.Resolution.FIVE_MINUTES.step(60)).isEqualTo(300);
        assertThat(Samples.Resolution.FIVE_MINUTES.step(900)).isEqualTo(900);
        assertThat(Samples.Resolution.ONE_HOUR.step(300)).isEqualTo(3600);
        assertThat(Samples.Resolution.ONE_HOUR.label()).isEqualTo("1h");
    }

    @Test
    void bucketsStartOnWholeMultiplesOfTheirLength() {
        assertThat(Samples.floor(Instant.parse("2026-11-23T12:07:59Z"), 300)).isEqualTo(Instant.parse("2026-11-23T12:05:00Z"));
        assertThat(Samples.floor(Instant.parse("2026-11-23T12:59:59Z"), 3600)).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(Samples.floor(Instant.parse("1969-12-31T23:59:59Z"), 300)).isEqualTo(Instant.parse("1969-12-31T23:55:00Z"));
    }

    @Test
    void aCycleIsStoredInChunksOfArrays() {
        List<Samples.Sample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < Samples.CHUNK * 2 + 7; i++) {
            samples.add(new Samples.Sample("pod/ns/p" + i, "restarts", i));
        }
        List<Samples.Chunk> chunks = Samples.chunks(samples);
        assertThat(chunks).extracting(c -> c.values().length).containsExactly(Samples.CHUNK, Samples.CHUNK, 7);
        Samples.Chunk last = chunks.get(2);
        assertThat(last.targets()[6]).isEqualTo("pod/ns/p" + (Samples.CHUNK * 2 + 6));
        assertThat(last.metrics()[6]).isEqualTo("restarts");
        assertThat(last.values()[6]).isEqualTo(Samples.CHUNK * 2 + 6.0);
    }

    @Test
    void aSnapshotGivesItsStoredMetricsOnly() {
        var pod = RestartWindowTest.snapshot(NOW, 3).pods().get(0);
        var snapshot = dev.kubeatlas.metrics.model.ClusterSnapshot.of("c", NOW, "no metrics API", List.of(), List.of(pod),
                List.of(new dev.kubeatlas.metrics.model.ClusterSnapshot.QuotaStats("shop", "q", "pods", 35, 100, 35.0)));
        List<Samples.Sample> samples = Samples.of(snapshot);
        assertThat(samples).extracting(x -> x.target() + " " + x.metric() + " " + x.value()).containsExactly(
                "pod/shop/cart restarts 3.0", "quota/shop/q/pods used 35.0", "quota/shop/q/pods hard 100.0",
                "quota/shop/q/pods used.percent 35.0", "cluster nodes.ready 0.0", "cluster pods.running 1.0");
        // every metric a snapshot can give is one a rule or a series may name
        samples.forEach(x -> assertThat(Samples.METRICS.get(Samples.kindOf(x.target()))).contains(x.metric()));
    }
}
