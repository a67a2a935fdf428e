package dev.kubeatlas.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.kubeatlas.client.ApiClient;
import dev.kubeatlas.client.api.PlatformApi;
import dev.kubeatlas.client.model.ItemsClusterView;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed platform document, without the stack: it validates, names every operation once, documents every
 * error as a Problem, lacks no service, and the client generated from it lists clusters the way the gateway answers.
 */
class OpenApiSnapshotTest {

    @Test
    void theCommittedDocumentValidatesAndKeepsEveryPromise() throws IOException {
        String document = Files.readString(OpenApiChecks.SNAPSHOT);

        assertThat(OpenApiChecks.findings(document)).isEmpty();
        JsonNode tree = OpenApiChecks.parse(document);
        assertThat(tree.has("x-kubeatlas-missing")).as("the snapshot was made with every service").isFalse();
        assertThat(OpenApiChecks.operationIds(tree)).containsKey("GET /api/v1/clusters").hasSizeGreaterThan(50);
    }

    @Test
    void theValidatorFindsWhatIsWrong() {
        String broken = """
                {"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{
                  "/a":{"get":{"operationId":"same","responses":{"200":{"description":"OK"},
                        "404":{"description":"Not found","content":{"application/json":{"schema":{"type":"string"}}}}}}},
                  "/b":{"get":{"operationId":"same","responses":{"200":{"description":"OK"}}},
                        "post":{"responses":{"200":{"description":"OK"}}}},
                  "/c":{"get":{"operationId":"c","responses":{"200":{"$ref":"#/components/responses/Nowhere"}}}}},
                 "components":{"schemas":{"Problem":{"type":"object"}}},
                 "servers":{"url":"/"}}
                """;

        assertThat(OpenApiChecks.findings(broken))
                .anyMatch(finding -> finding.startsWith("swagger-parser"))
                .contains("GET /b has the operationId same of GET /a", "POST /b has no operationId")
                .anyMatch(finding -> finding.startsWith("GET /a answers 404"));
    }

    @Test
    void theGeneratedClientSendsTheTokenAndReadsTheClusterList() throws Exception {
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<String> authorization = new AtomicReference<>();
        gateway.createContext("/api/v1/clusters", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = """
                    {"items":[{"name":"sandbox","sandbox":true,"status":"connected","nodesReady":1}],"continue":null}
                    """.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        gateway.start();
        try {
            ApiClient client = new ApiClient();
            client.updateBaseUri("http://127.0.0.1:" + gateway.getAddress().getPort());
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer t0ken"));

            ItemsClusterView clusters = new PlatformApi(client).listClusters(null, null, null);

            assertThat(authorization.get()).isEqualTo("Bearer t0ken");
            assertThat(clusters.getItems()).singleElement().satisfies(cluster -> {
                assertThat(cluster.getName()).isEqualTo("sandbox");
                assertThat(cluster.getSandbox()).isTrue();
                assertThat(cluster.getNodesReady()).isEqualTo(1);
            });
        } finally {
            gateway.stop(0);
        }
    }
}
