package dev.kubeatlas.workload.kube.stream;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VersionsTest {

    @Test
    void aListedVersionThatIsMissingOrOlderIsMissed() {
        assertThat(Versions.missed(Map.of("a", "10"), "12", Map.of("a", "10"))).isEmpty();
        assertThat(Versions.missed(Map.of("a", "10"), "12", Map.of("a", "11"))).as("newer than the LIST").isEmpty();
        assertThat(Versions.missed(Map.of("a", "10"), "12", Map.of("a", "9"))).contains("a");
        assertThat(Versions.missed(Map.of("a", "10"), "12", Map.of())).contains("a");
    }

    @Test
    void anObjectHeldButNotListedIsMissedUnlessItIsNewerThanTheList() {
        assertThat(Versions.missed(Map.of(), "12", Map.of("gone", "8"))).contains("gone");
        assertThat(Versions.missed(Map.of(), "12", Map.of("created-after", "13"))).isEmpty();
    }

    @Test
    void opaqueVersionsMustBeEqual() {
        assertThat(Versions.missed(Map.of("a", "x1"), "x9", Map.of("a", "x1"))).isEmpty();
        assertThat(Versions.missed(Map.of("a", "x1"), "x9", Map.of("a", "x2"))).contains("a");
    }
}
