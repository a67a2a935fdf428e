package dev.kubeatlas.metrics.service;

import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParametersTest {

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
}
