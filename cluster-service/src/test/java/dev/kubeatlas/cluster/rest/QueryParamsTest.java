package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Query parameters, upload tags and cluster names in paths, read at the edge. */
class QueryParamsTest {

    @Test
    void aFlagIsTrueOrFalseInAnyCaseAndAbsentIsFalse() {
        assertThat(QueryParams.flag("force", null)).isFalse();
        assertThat(QueryParams.flag("force", "")).isFalse();
        assertThat(QueryParams.flag("force", "TRUE")).isTrue();
        assertThat(QueryParams.flag("force", "False")).isFalse();
        assertThatThrownBy(() -> QueryParams.flag("force", "yes")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("force");
    }

    @Test
    void aNumberIsWholeAndInRangeAndAbsentIsTheDefault() {
        assertThat(QueryParams.number("checks", null, 20, 1, 500)).isEqualTo(20);
        assertThat(QueryParams.number("checks", "500", 20, 1, 500)).isEqualTo(500);
        assertThatThrownBy(() -> QueryParams.number("checks", "0", 20, 1, 500)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> QueryParams.number("checks", "1e3", 20, 1, 500)).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) catchProblem(() -> QueryParams.number("checks", "abc", 20, 1, 500))).status())
                .isEqualTo(400);
    }

    @Test
    void uploadTagsAreKeyValuePairsSeparatedByCommas() {
        assertThat(ClusterResource.parseTags(null)).isEmpty();
        assertThat(ClusterResource.parseTags(" env = lab ,, team=platform")).isEqualTo(Map.of("env", "lab", "team", "platform"));
        assertThat(ClusterResource.parseTags("url=a=b")).isEqualTo(Map.of("url", "a=b"));
        assertThatThrownBy(() -> ClusterResource.parseTags("env")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> ClusterResource.parseTags("=lab")).isInstanceOf(ProblemException.class);
    }

    @Test
    void aClusterNameIsADns1123Label() {
        assertThat(ClusterNameFilter.DNS_1123_LABEL.matcher("prod-eu-1").matches()).isTrue();
        assertThat(ClusterNameFilter.DNS_1123_LABEL.matcher("a".repeat(63)).matches()).isTrue();
        assertThat(ClusterNameFilter.DNS_1123_LABEL.matcher("a".repeat(64)).matches()).isFalse();
        assertThat(ClusterNameFilter.DNS_1123_LABEL.matcher("Prod").matches()).isFalse();
        assertThat(ClusterNameFilter.DNS_1123_LABEL.matcher("-prod").matches()).isFalse();
        assertThat(ClusterNameFilter.DNS_1123_LABEL.matcher("..").matches()).isFalse();
    }

    private static Throwable catchProblem(Runnable r) {
        try {
            r.run();
        } catch (ProblemException e) {
            return e;
        }
        throw new AssertionError("no problem thrown");
    }
}
