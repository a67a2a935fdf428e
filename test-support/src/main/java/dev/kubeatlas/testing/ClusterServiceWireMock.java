package dev.kubeatlas.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * WireMock in the place of cluster-service's internal credentials API, for services that build cluster clients.
 * It answers only requests that carry a bearer token, as cluster-service would; which identity that token has is
 * cluster-service's own test's concern.
 */
public class ClusterServiceWireMock implements QuarkusTestResourceLifecycleManager {

    private static volatile WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(get(urlEqualTo("/internal/v1/clusters/")).atPriority(10).willReturn(aResponse().withStatus(404)));
        return Map.of("kubeatlas.cluster-service.url", "http://127.0.0.1:" + server.port());
    }

    /** Serves {@code kubeconfig} as the credentials of cluster {@code name}, revision {@code revision}. */
    public static void serve(String name, String kubeconfig, int revision) {
        String body;
        try {
            body = new ObjectMapper().writeValueAsString(Map.of("name", name, "context", name, "kubeconfig", kubeconfig,
                    "revision", revision));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        server().stubFor(get(urlEqualTo(path(name)))
                .withHeader("Authorization", matching("Bearer ey.+"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** How many times the credentials of {@code name} were fetched. */
    public static int fetches(String name) {
        return server().countRequestsMatching(getRequestedFor(urlEqualTo(path(name))).build()).getCount();
    }

    private static String path(String name) {
        return "/internal/v1/clusters/" + name + "/credentials";
    }

    private static WireMockServer server() {
        if (server == null) {
            throw new IllegalStateException("Add @QuarkusTestResource(ClusterServiceWireMock.class) to the test");
        }
        return server;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
