package dev.kubeatlas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Single HTTP calls to the stack (the load runs use {@link LoadGenerator}), timed, with Keycloak tokens of the local
 * users (password = user name) as {@code ./kubeatlas token USER} gets them, kept until shortly before they expire.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, byte[] body, double millis) {

        boolean ok() {
            return status / 100 == 2;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new BenchFailure("Not JSON (HTTP " + status + "): " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private record Token(String value, long refreshAt) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final int keycloakPort;
    private final Map<String, Token> tokens = new HashMap<>();

    Api(int keycloakPort) {
        this.keycloakPort = keycloakPort;
    }

    Response get(String url, String token) {
        return send("GET", url, token, null);
    }

    Response send(String method, String url, String token, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        return exchange(b.build());
    }

    private Response exchange(HttpRequest request) {
        try {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.body(), (System.nanoTime() - t0) / 1e6);
        } catch (IOException e) {
            throw new BenchFailure(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("Interrupted", e);
        }
    }

    /** An access token of a local user of the realm. */
    synchronized String token(String user) {
        Token t = tokens.get(user);
        if (t != null && System.nanoTime() < t.refreshAt()) {
            return t.value();
        }
        String form = "grant_type=password&client_id=kubeatlas-cli&scope=openid&username=" + encode(user) + "&password="
                + encode(user);
        long asked = System.nanoTime();
        Response r;
        try {
            r = exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + keycloakPort
                            + "/realms/kubeatlas/protocol/openid-connect/token"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        } catch (BenchFailure e) {
            throw new BenchFailure("Keycloak is not reachable on 127.0.0.1:" + keycloakPort + "; run ./kubeatlas up first", e);
        }
        JsonNode body = r.json();
        String access = body.path("access_token").asText("");
        if (access.isEmpty()) {
            throw new BenchFailure("No token for '" + user + "': " + body.path("error_description").asText(r.text()));
        }
        long lifetime = body.path("expires_in").asLong(60);
        tokens.put(user, new Token(access, asked + Duration.ofSeconds(Math.max(5, lifetime - 30)).toNanos()));
        return access;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
