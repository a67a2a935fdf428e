package dev.kubeatlas.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The load generator against a small server in this JVM, on loopback, for a second or so. */
class LoadGeneratorTest {

    private HttpServer server;
    private ExecutorService executor;
    private final AtomicInteger served = new AtomicInteger();
    private final Set<String> connections = ConcurrentHashMap.newKeySet();
    private final Set<String> authorizations = ConcurrentHashMap.newKeySet();

    static {
        // the JDK server writes headers and body apart: with Nagle's algorithm each answer would wait for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private URI serve(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/api/v1/clusters", exchange -> {
            connections.add(exchange.getRemoteAddress().toString());
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "[{\"name\":\"sandbox\"}]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            served.incrementAndGet();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/clusters?limit=5");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Test
    void closedLoopOverAFixedNumberOfConnections() throws Exception {
        URI url = serve(200);
        try (LoadGenerator load = new LoadGenerator(new LoadGenerator.Shape(2, 4, Duration.ofSeconds(2)))) {
            load.run(url, Map.of("Authorization", "Bearer warm-up")); // class loading and JIT, as the benchmarks warm up
            connections.clear();
            authorizations.clear();
            served.set(0);
            LoadGenerator.Result r = load.run(url, Map.of("Authorization", "Bearer t0ken"));
            assertThat(r.errors()).isZero();
            assertThat(r.latencyMs().count()).isPositive().isLessThanOrEqualTo(served.get());
            assertThat(r.seconds()).isEqualTo(2.0);
            assertThat(r.requestsPerSecond()).isEqualTo(r.latencyMs().count() / 2.0);
            assertThat(r.latencyMs().percentile(50)).isPositive().isLessThanOrEqualTo(r.latencyMs().max());
            assertThat(connections).hasSizeLessThanOrEqualTo(4);
            assertThat(authorizations).containsExactly("Bearer t0ken");
        }
    }

    @Test
    void errorStatusesAreCountedNotTimed() throws Exception {
        URI url = serve(429);
        try (LoadGenerator load = new LoadGenerator(new LoadGenerator.Shape(1, 2, Duration.ofMillis(500)))) {
            LoadGenerator.Result r = load.run(url, Map.of());
            assertThat(r.latencyMs().count()).isZero();
            assertThat(r.errors()).isPositive();
        }
    }

    @Test
    void aShapeNeedsAConnectionPerThread() {
        assertThatThrownBy(() -> new LoadGenerator.Shape(2, 1, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new LoadGenerator.Shape(2, 16, Duration.ofSeconds(10)).describe()).isEqualTo("2 threads x 16 connections, 10 s each");
    }
}
