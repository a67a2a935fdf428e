package dev.kubeatlas.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgsTest {

    @Test
    void noArgumentsIsTheGatewayBenchmark() {
        assertThat(Args.parse()).isEqualTo(new Args.Invocation("gateway", List.of()));
    }

    @Test
    void scenarioAndItsArguments() {
        assertThat(Args.parse("workload", "2", "2000")).isEqualTo(new Args.Invocation("workload", List.of("2", "2000")));
        assertThat(Args.parse("fault-history")).isEqualTo(new Args.Invocation("fault-history", List.of()));
    }

    @Test
    void theOldLauncherCommandsAreAliases() {
        assertThat(Args.parse("bench-workload", "3").scenario()).isEqualTo("workload");
        assertThat(Args.parse("bench-history").scenario()).isEqualTo("history");
        assertThat(Args.parse("bench-metrics", "200", "6000"))
                .isEqualTo(new Args.Invocation("metrics", List.of("200", "6000")));
    }

    @Test
    void unknownScenarioIsAUsageError() {
        assertThatThrownBy(() -> Args.parse("wrk")).isInstanceOf(UsageException.class).hasMessageContaining("'wrk'");
    }

    @Test
    void workloadDefaultsAndValues() {
        assertThat(WorkloadScenario.Options.parse(List.of())).isEqualTo(new WorkloadScenario.Options(10, 10_000));
        assertThat(WorkloadScenario.Options.parse(List.of("2"))).isEqualTo(new WorkloadScenario.Options(2, 10_000));
        assertThat(WorkloadScenario.Options.parse(List.of("2", "2000"))).isEqualTo(new WorkloadScenario.Options(2, 2000));
    }

    @Test
    void historyAndMetricsDefaults() {
        assertThat(HistoryScenario.Options.parse(List.of())).isEqualTo(new HistoryScenario.Options(1200, 30));
        assertThat(HistoryScenario.Options.parse(List.of("2500", "20"))).isEqualTo(new HistoryScenario.Options(2500, 20));
        assertThat(MetricsScenario.Options.parse(List.of())).isEqualTo(new MetricsScenario.Options(1000, 30_000));
    }

    @Test
    void countsArePositiveWholeNumbers() {
        for (String bad : List.of("0", "-3", "abc", "1.5", "")) {
            assertThatThrownBy(() -> WorkloadScenario.Options.parse(List.of(bad)))
                    .as(bad).isInstanceOf(UsageException.class).hasMessageContaining("clusters");
        }
        assertThatThrownBy(() -> HistoryScenario.Options.parse(List.of("1200", "x")))
                .isInstanceOf(UsageException.class).hasMessageContaining("seconds");
    }

    @Test
    void tooManyArgumentsAreRefused() {
        assertThatThrownBy(() -> MetricsScenario.Options.parse(List.of("1", "2", "3"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> FaultHistoryScenario.Options.parse(List.of("now"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> GatewayScenario.Options.parse(List.of("5"), Map.of())).isInstanceOf(UsageException.class);
    }

    @Test
    void gatewayDurationComesFromTheEnvironment() {
        assertThat(GatewayScenario.Options.parse(List.of(), Map.of()).seconds()).isEqualTo(10);
        assertThat(GatewayScenario.Options.parse(List.of(), Map.of("KUBEATLAS_BENCH_SECONDS", "3")).seconds()).isEqualTo(3);
        assertThatThrownBy(() -> GatewayScenario.Options.parse(List.of(), Map.of("KUBEATLAS_BENCH_SECONDS", "ten")))
                .isInstanceOf(UsageException.class).hasMessageContaining("KUBEATLAS_BENCH_SECONDS");
    }

    @Test
    void badArgumentsFailBeforeTheStackIsNeeded() {
        // no KUBEATLAS_STATE in this environment: a usage error must come first, not a missing stack
        assertThatThrownBy(() -> Bench.run(Args.parse("workload", "ten"), Map.of())).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Bench.run(Args.parse("workload", "10"), Map.of()))
                .isInstanceOf(BenchFailure.class).hasMessageContaining("./kubeatlas bench");
    }
}
