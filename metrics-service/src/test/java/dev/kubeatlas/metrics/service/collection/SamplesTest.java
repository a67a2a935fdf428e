package dev.kubeatlas.metrics.service.collection;

import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

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
}
