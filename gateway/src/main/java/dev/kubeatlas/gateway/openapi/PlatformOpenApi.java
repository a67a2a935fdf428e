package dev.kubeatlas.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.kubeatlas.gateway.GatewayConfig;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The platform's OpenAPI document, merged from the services' own {@code /q/openapi} by {@link OpenApiMerger}.
 * Built on first request and kept: a complete document for {@code refresh} (then served as it is while a new one is
 * built), one missing a service only for {@code retry-missing}, so a service that comes back is soon in it again.
 * A service that does not answer in time is left out and named in {@code x-kubeatlas-missing}; the document itself
 * never fails. Parsing, merging and writing run on a worker thread.
 */
final class PlatformOpenApi {

    /** The merged document, written once as JSON and once as YAML. */
    record Snapshot(ObjectNode document, Buffer json, Buffer yaml, List<String> missing, long builtAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private final Vertx vertx;
    private final HttpClient client;
    private final Map<String, URI> services;
    private final GatewayConfig.OpenApi config;
    private final OpenApiMerger merger;
    private volatile Snapshot current;
    private Future<Snapshot> building;

    PlatformOpenApi(Vertx vertx, Map<String, String> services, GatewayConfig.OpenApi config) {
        this.vertx = vertx;
        this.config = config;
        this.services = new TreeMap<>();
        services.forEach((name, url) -> this.services.put(name, URI.create(url)));
        this.merger = OpenApiMerger.forGateway(config.serverUrl());
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis()).setKeepAlive(false));
    }

    /** The document to serve now: the kept one while it is fresh, else a new one. */
    Future<Snapshot> document() {
        Snapshot kept = current;
        long now = System.nanoTime();
        if (kept != null && !stale(kept, now)) {
            return Future.succeededFuture(kept);
        }
        Future<Snapshot> next;
        synchronized (this) {
            if (building == null) {
                building = build().onComplete(done -> {
                    synchronized (this) {
                        building = null;
                    }
                    if (done.succeeded()) {
                        current = done.result();
                    }
                });
            }
            next = building;
        }
        // a complete document stays good while its successor is built
        return kept != null && kept.missing().isEmpty() ? Future.succeededFuture(kept) : next;
    }

    private boolean stale(Snapshot snapshot, long now) {
        long age = now - snapshot.builtAt();
        return age >= config.refresh().toNanos() || (!snapshot.missing().isEmpty() && age >= config.retryMissing().toNanos());
    }

    private Future<Snapshot> build() {
        List<String> names = new ArrayList<>(services.keySet());
        List<Future<Optional<Buffer>>> fetches = new ArrayList<>();
        names.forEach(name -> fetches.add(fetch(name, services.get(name)).map(Optional::of).otherwise(error -> {
            Log.warnf("OpenAPI document of %s not available: %s", name, error.getMessage());
            return Optional.empty();
        })));
        return Future.all(fetches).compose(all -> vertx.executeBlocking(() -> {
            Map<String, JsonNode> documents = new TreeMap<>();
            TreeSet<String> missing = new TreeSet<>();
            for (int i = 0; i < names.size(); i++) {
                Optional<Buffer> body = fetches.get(i).result();
                JsonNode document = body.map(PlatformOpenApi::parse).orElse(null);
                if (document == null) {
                    missing.add(names.get(i));
                } else {
                    documents.put(names.get(i), document);
                }
            }
            ObjectNode merged = merger.merge(documents, missing);
            return new Snapshot(merged, Buffer.buffer(JSON.writeValueAsBytes(merged)),
                    Buffer.buffer(YAML.writeValueAsBytes(merged)), List.copyOf(missing), System.nanoTime());
        }, false));
    }

    private Future<Buffer> fetch(String service, URI base) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(base.getHost())
                .setPort(base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80)
                .setSsl("https".equals(base.getScheme()))
                .setURI("/q/openapi?format=json")
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .setTimeout(config.timeout().toMillis());
        return client.request(request)
                .compose(outgoing -> outgoing.send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : failed(service, response));
    }

    private static Future<Buffer> failed(String service, HttpClientResponse response) {
        return Future.failedFuture(service + " answered " + response.statusCode());
    }

    /** A service's document, or null when it is no OpenAPI document. */
    private static JsonNode parse(Buffer body) {
        try {
            JsonNode document = JSON.readTree(body.getBytes());
            return document != null && document.isObject() && document.has("openapi") ? document : null;
        } catch (IOException e) {
            return null;
        }
    }
}
