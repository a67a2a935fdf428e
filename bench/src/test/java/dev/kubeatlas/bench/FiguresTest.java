package dev.kubeatlas.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lines the benchmarks print, as docs/architecture.md quotes them. */
class FiguresTest {

    private static LoadGenerator.Result result(double seconds, long errors, double... latencies) {
        return new LoadGenerator.Result(Stats.of(latencies), errors, seconds);
    }

    @Test
    void gatewayOverheadSideBySide() {
        LoadGenerator.Result direct = result(2, 0, 10, 14, 14, 69);
        LoadGenerator.Result gateway = result(2, 0, 20, 27.5, 27.5, 109.8);
        assertThat(GatewayScenario.overheadLines(direct, gateway)).containsExactly(
                "                                 p50 ms     p99 ms        req/s",
                "cluster-service direct           14.000     69.000         2.00",
                "through gateway                  27.500    109.800         2.00",
                "gateway adds: p50 +13.500 ms (target < 1), p99 +40.800 ms (target < 3)");
    }

    @Test
    void aFasterGatewayShowsANegativeDifferenceAndErrorsAreCounted() {
        List<String> lines = GatewayScenario.overheadLines(result(1, 2, 5, 5), result(1, 0, 4, 4));
        assertThat(lines.get(3)).isEqualTo("gateway adds: p50 -1.000 ms (target < 1), p99 -1.000 ms (target < 3)");
        assertThat(lines.get(4)).isEqualTo("errors (non-2xx or failed requests): direct 2, through gateway 0");
    }

    @Test
    void aRunWithoutAnswersIsAFailureNotAFigure() {
        assertThatThrownBy(() -> GatewayScenario.overheadLines(result(1, 40), result(1, 0, 4)))
                .isInstanceOf(BenchFailure.class).hasMessageContaining("40 errors");
    }

    @Test
    void startTimeAndRss() {
        assertThat(GatewayScenario.startHeader()).isEqualTo("SERVICE                     start s     RSS MB");
        assertThat(GatewayScenario.startLine(new GatewayScenario.StartFigure("yaml-history-service", "6.104", 241.6)))
                .isEqualTo("yaml-history-service          6.104        242");
    }

    @Test
    void workloadFigures() {
        WorkloadScenario.Figures f = new WorkloadScenario.Figures(10, 10_000, Stats.of(20.1, 32.0), Stats.of(33.0, 98.1),
                Stats.of(51.3, 164.6), 100.0, 677.1);
        assertThat(f.lines()).containsExactly(
                "Search over 10 clusters x 10000 pods (plus their other cached kinds), 2 queries through the gateway:",
                "  p50 20.1 ms   p95 32.0 ms   (target p95 < 100 ms)",
                "Listing 10000 pods of one cluster through the gateway from the informer cache, 1,000 per page, 2 pages:",
                "  p50 33.0 ms   p99 98.1 ms per page   (target p99 < 300 ms)",
                "Direct LIST of all 10000 pods from the same mock API server (no gateway, no auth, one response):",
                "  p50 51.3 ms   max 164.6 ms",
                "Informer heap: 100.0 MB before, 677.1 MB after caching 100000 pods: 5.91 KB per cached pod (target <= 10 KB)");
    }

    @Test
    void historyIngestFigures() {
        assertThat(HistoryBench.ingestLines(36_000, 30.02, Stats.of(24, 175, 281), true, 72)).containsExactly(
                "Ingest: 36,000 versions stored in 30.0 s from the first change: 1,199 changes/s sustained   (target >= 1,000/s)",
                "  change -> version queryable: p50 175 ms   p99 281 ms   max 281 ms   (target p99 < 2,000 ms)",
                "  gapless: yes, every resource 1..72 exactly once");
        assertThat(HistoryBench.ingestLines(10, 1, Stats.of(1), false, 1).get(2)).isEqualTo("  gapless: NO");
    }

    @Test
    void diffFigures() {
        assertThat(DiffBench.lines(5048, 50, Stats.of(7.2, 10.7, 14.5), 251, Stats.of(3.8, 4.8), 50)).containsExactly(
                "Diff of two 5,048-line manifests (50 values changed), 3 runs after warm-up:",
                "  unified (YAML of both + Myers): p50 10.7 ms   p99 14.5 ms   max 14.5 ms   (target < 50 ms; 251 lines out)",
                "  field-level:                    p50 3.8 ms   p99 4.8 ms   max 4.8 ms   (50 changes)");
    }

    @Test
    void collectionFigures() {
        assertThat(CollectionBench.collectionLines(Stats.of(919, 780, 803, 810, 790), 147L << 20, 66L << 20, 256L << 20))
                .containsExactly(
                        "Collection (nodes, pods, quotas, node and pod metrics -> snapshot), 5 runs: p50 803 ms   max 919 ms"
                                + "   (target < 5,000 ms)",
                        "  heap: peak 147 MiB, after with the snapshot held 66 MiB, of a 256 MiB maximum   (target < 256 MiB)");
    }

    @Test
    void kafkaFaultVerdict() {
        assertThat(FaultHistoryScenario.kafkaLine(7, 10)).isEqualTo("  versions of shop/cart before 7, after 10: all three changes kept");
        assertThat(FaultHistoryScenario.kafkaLine(7, 8)).isEqualTo("  versions of shop/cart before 7, after 8: LOST 2");
        assertThat(FaultHistoryScenario.kafkaLine(7, 11))
                .isEqualTo("  versions of shop/cart before 7, after 11: 1 more versions than changes");
    }
}
