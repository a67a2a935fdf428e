package dev.kubeatlas.support.rest;

import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParamsTest {

    @Test
    void typedValuesNameTheParameter() {
        assertThat(QueryParams.integer("limit", null, 10, 1, 1000)).isEqualTo(10);
        assertThat(QueryParams.integer("limit", "7", 10, 1, 1000)).isEqualTo(7);
        for (String bad : List.of("abc", "0", "-1", "1001", "99999999999", "1.5")) {
            assertThatThrownBy(() -> QueryParams.integer("limit", bad, 10, 1, 1000)).isInstanceOf(ProblemException.class)
                    .hasMessageStartingWith("'limit' ");
        }
        assertThat(QueryParams.instant("from", "2026-11-23T12:00:00Z")).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        for (String bad : List.of("yesterday", "-1000000000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z", "1969-12-31T23:59:59Z")) {
            assertThatThrownBy(() -> QueryParams.instant("from", bad)).isInstanceOf(ProblemException.class)
                    .hasMessageStartingWith("'from' ");
        }
        assertThatThrownBy(() -> QueryParams.oneOf("state", "bogus", List.of("pending", "firing")))
                .hasMessage("'state' must be one of pending, firing");
        assertThat(QueryParams.oneOf("state", null, List.of("pending"))).isNull();
        assertThat(QueryParams.optionalInteger("version", " ", 1, 10)).isNull();
        assertThat(QueryParams.optionalInteger("version", "10", 1, 10)).isEqualTo(10);
        assertThatThrownBy(() -> QueryParams.optionalInteger("version", "11", 1, 10)).hasMessageStartingWith("'version' ");
    }

    @Test
    void aFlagIsTrueOrFalseInAnyCaseAndAbsentIsFalse() {
        assertThat(QueryParams.flag("force", null)).isFalse();
        assertThat(QueryParams.flag("force", "")).isFalse();
        assertThat(QueryParams.flag("force", "TRUE")).isTrue();
        assertThat(QueryParams.flag("force", "False")).isFalse();
        for (String bad : List.of("yes", "1", "on", "truee")) {
            assertThatThrownBy(() -> QueryParams.flag("force", bad)).isInstanceOf(ProblemException.class)
                    .hasMessage("'force' must be true or false")
                    .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400))
                    .satisfies(e -> assertThat(((ProblemException) e).slug()).isEqualTo("invalid-parameter"));
        }
    }

    @Test
    void aDurationIsPositiveInShortOrIsoForm() {
        assertThat(QueryParams.duration("window", "30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(QueryParams.duration("window", "1d")).isEqualTo(Duration.ofDays(1));
        assertThat(QueryParams.duration("window", "PT6H")).isEqualTo(Duration.ofHours(6));
        for (String bad : List.of("0m", "-1h", "soon", "1w")) {
            assertThatThrownBy(() -> QueryParams.duration("window", bad)).hasMessageStartingWith("'window' must be");
        }
    }
}
