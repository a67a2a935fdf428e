package dev.kubeatlas.metrics;

import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParametersTest {

    @Test
    void servicesAndPorts() {
        assertThat(Parameters.isService("prometheus-k8s")).isTrue();
        for (String bad : List.of("", "9prometheus", "a/b", "a.b", "Prometheus", "a".repeat(64))) {
            assertThat(Parameters.isService(bad)).as(bad).isFalse();
        }
        assertThat(Parameters.isPort("9090")).isTrue();
        assertThat(Parameters.isPort("http-web")).isTrue();
        for (String bad : List.of("0", "65536", "99999", "web?x", "a".repeat(16), "-web")) {
            assertThat(Parameters.isPort(bad)).as(bad).isFalse();
        }
    }

    @Test
    void typedValuesNameTheParameter() {
        assertThat(Parameters.integer("limit", null, 10, 1, 1000)).isEqualTo(10);
        assertThat(Parameters.integer("limit", "7", 10, 1, 1000)).isEqualTo(7);
        for (String bad : List.of("abc", "0", "-1", "1001", "99999999999", "1.5")) {
            assertThatThrownBy(() -> Parameters.integer("limit", bad, 10, 1, 1000)).isInstanceOf(ProblemException.class)
                    .hasMessageStartingWith("limit ");
        }
        assertThat(Parameters.instant("from", "2026-11-23T12:00:00Z")).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        for (String bad : List.of("yesterday", "-1000000000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z", "1969-12-31T23:59:59Z")) {
            assertThatThrownBy(() -> Parameters.instant("from", bad)).isInstanceOf(ProblemException.class)
                    .hasMessageStartingWith("from ");
        }
        assertThatThrownBy(() -> Parameters.oneOf("state", "bogus", List.of("pending", "firing")))
                .hasMessage("state must be one of pending, firing");
        assertThat(Parameters.oneOf("state", null, List.of("pending"))).isNull();
    }

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

    @Test
    void dotSegmentsAndEncodedSlashesAreNoPlainPath() {
        assertThat(RawPaths.isPlain("/api/v1/metrics/clusters/shop/nodes/worker-a")).isTrue();
        assertThat(RawPaths.isPlain("/api/v1/metrics/clusters/shop/nodes/ip-10-0-1-7.internal")).isTrue();
        for (String bad : List.of("/api/v1/metrics/clusters/shop/nodes/..", "/api/v1/metrics/clusters/./summary",
                "/api/v1/metrics/clusters/%2E%2e/summary", "/api/v1/metrics/clusters/shop/nodes/a%2Fb",
                "/api/v1/metrics/clusters/shop/nodes/a%5cb")) {
            assertThat(RawPaths.isPlain(bad)).as(bad).isFalse();
        }
    }
}
