package dev.kubeatlas.metrics.prometheus;

import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyPathTest {

    static PrometheusEndpoint endpoint(String namespace, String service, String port, String scheme) {
        PrometheusEndpoint e = new PrometheusEndpoint();
        e.namespace = namespace;
        e.service = service;
        e.port = port;
        e.scheme = scheme;
        return e;
    }

    @Test
    void aValidEndpointIsProxiedThroughItsOwnService() {
        assertThat(endpoint("monitoring", "prometheus-k8s", "9090", "http").proxyPath())
                .isEqualTo("/api/v1/namespaces/monitoring/services/http:prometheus-k8s:9090/proxy");
        assertThat(endpoint("monitoring", "prometheus-k8s", "web", "https").proxyPath())
                .isEqualTo("/api/v1/namespaces/monitoring/services/https:prometheus-k8s:web/proxy");
    }

    @Test
    void aStoredValueThatIsNoKubernetesNameNeverBecomesAPath() {
        for (PrometheusEndpoint e : new PrometheusEndpoint[]{
                endpoint("../kube-system", "prometheus-k8s", "9090", "http"),
                endpoint("monitoring", "a/b", "9090", "http"),
                endpoint("monitoring", "prometheus-k8s", "9090/../../secrets", "http"),
                endpoint("monitoring", "prometheus-k8s", "99999", "http"),
                endpoint("monitoring", "prometheus-k8s", "9090", "ftp"),
                endpoint(null, "prometheus-k8s", "9090", "http")}) {
            assertThatThrownBy(e::proxyPath).isInstanceOf(ProblemException.class)
                    .satisfies(t -> assertThat(((ProblemException) t).status()).isEqualTo(422));
        }
    }
}
