package dev.kubeatlas.metrics.kube;

import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusProxyTest {

    @Test
    void servicesAndPorts() {
        assertThat(PrometheusProxy.isService("prometheus-k8s")).isTrue();
        for (String bad : List.of("", "9prometheus", "a/b", "a.b", "Prometheus", "a".repeat(64))) {
            assertThat(PrometheusProxy.isService(bad)).as(bad).isFalse();
        }
        assertThat(PrometheusProxy.isPort("9090")).isTrue();
        assertThat(PrometheusProxy.isPort("http-web")).isTrue();
        for (String bad : List.of("0", "65536", "99999", "web?x", "a".repeat(16), "-web")) {
            assertThat(PrometheusProxy.isPort(bad)).as(bad).isFalse();
        }
    }

    @Test
    void aValidEndpointIsProxiedThroughItsOwnService() {
        assertThat(PrometheusProxy.path("monitoring", "prometheus-k8s", "9090", "http"))
                .isEqualTo("/api/v1/namespaces/monitoring/services/http:prometheus-k8s:9090/proxy");
        assertThat(PrometheusProxy.path("monitoring", "prometheus-k8s", "web", "https"))
                .isEqualTo("/api/v1/namespaces/monitoring/services/https:prometheus-k8s:web/proxy");
    }

    @Test
    void aStoredValueThatIsNoKubernetesNameNeverBecomesAPath() {
        for (String[] e : new String[][]{
                {"../kube-system", "prometheus-k8s", "9090", "http"},
                {"monitoring", "a/b", "9090", "http"},
                {"monitoring", "prometheus-k8s", "9090/../../secrets", "http"},
                {"monitoring", "prometheus-k8s", "99999", "http"},
                {"monitoring", "prometheus-k8s", "9090", "ftp"},
                {null, "prometheus-k8s", "9090", "http"}}) {
            assertThatThrownBy(() -> PrometheusProxy.path(e[0], e[1], e[2], e[3])).isInstanceOf(ProblemException.class)
                    .satisfies(t -> assertThat(((ProblemException) t).status()).isEqualTo(422));
        }
    }
}
