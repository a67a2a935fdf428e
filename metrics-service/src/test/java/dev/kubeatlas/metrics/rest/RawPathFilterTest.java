package dev.kubeatlas.metrics.rest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RawPathFilterTest {

    @Test
    void dotSegmentsAndEncodedSlashesAreNoPlainPath() {
        assertThat(RawPathFilter.isPlain("/api/v1/metrics/clusters/shop/nodes/worker-a")).isTrue();
        assertThat(RawPathFilter.isPlain("/api/v1/metrics/clusters/shop/nodes/ip-10-0-1-7.internal")).isTrue();
        for (String bad : List.of("/api/v1/metrics/clusters/shop/nodes/..", "/api/v1/metrics/clusters/./summary",
                "/api/v1/metrics/clusters/%2E%2e/summary", "/api/v1/metrics/clusters/shop/nodes/a%2Fb",
                "/api/v1/metrics/clusters/shop/nodes/a%5cb")) {
            assertThat(RawPathFilter.isPlain(bad)).as(bad).isFalse();
        }
    }
}
