package dev.kubeatlas.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** One WireMock standing in for every service behind the gateway; the AI service's route points at a closed port. */
public class UpstreamWireMock implements QuarkusTestResourceLifecycleManager {

    public static WireMockServer upstream;

    @Override
    public Map<String, String> start() {
        upstream = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        upstream.start();
        String url = "http://127.0.0.1:" + upstream.port();
        return Map.of(
                // the platform's OpenAPI document is built anew on every request, from what the stubs answer then
                "kubeatlas.gateway.openapi.refresh", "0s",
                "kubeatlas.gateway.openapi.retry-missing", "0s",
                "kubeatlas.gateway.services.cluster-service", url,
                "kubeatlas.gateway.services.workload-service", url,
                "kubeatlas.gateway.services.yaml-history-service", url,
                "kubeatlas.gateway.services.metrics-service", url,
                "kubeatlas.gateway.services.ai-service", "http://127.0.0.1:1",
                "kubeatlas.gateway.max-body-bytes", "1024");
    }

    @Override
    public void stop() {
        upstream.stop();
    }
}
