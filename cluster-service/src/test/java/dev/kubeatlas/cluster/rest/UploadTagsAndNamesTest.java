package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Upload tags and cluster names in paths, read at the edge. */
class UploadTagsAndNamesTest {

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
}
