package dev.kubeatlas.metrics.prometheus;

import io.fabric8.kubernetes.api.model.Service;

import java.util.List;

/** Discovery's candidate ranking, as {@code namespace/service:port}, for tests outside the package. */
public final class PrometheusDiscoveryProbe {

    public static List<String> candidates(List<Service> services) {
        return PrometheusDiscovery.candidates(services).stream()
                .map(c -> c.namespace() + "/" + c.service() + ":" + c.port()).toList();
    }

    private PrometheusDiscoveryProbe() {
    }
}
