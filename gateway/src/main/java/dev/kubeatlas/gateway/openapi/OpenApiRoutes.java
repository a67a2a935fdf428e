package dev.kubeatlas.gateway.openapi;

import dev.kubeatlas.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's API for integrators, open without a token (rate limited like any caller):
 * {@code /q/openapi} is the merged OpenAPI document (JSON; YAML with {@code ?format=yaml} or an Accept asking for
 * YAML), {@code /q/docs} renders it with Swagger UI, served from the swagger-ui webjar on the classpath.
 */
@ApplicationScoped
public class OpenApiRoutes {

    static final String DOCS = "/q/docs";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String WEBJAR_VERSION = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    /** The files of Swagger UI the page loads; nothing else of the webjar is served. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png");
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>KubeAtlas API</title>
              <link rel="icon" type="image/png" href="/q/docs/favicon-32x32.png">
              <link rel="stylesheet" href="/q/docs/swagger-ui.css">
            </head>
            <body>
            <div id="swagger-ui"></div>
            <script src="/q/docs/swagger-ui-bundle.js"></script>
            <script src="/q/docs/swagger-ui-standalone-preset.js"></script>
            <script src="/q/docs/docs.js"></script>
            </body>
            </html>
            """;
    private static final String SCRIPT = """
            window.ui = SwaggerUIBundle({
              url: "/q/openapi",
              dom_id: "#swagger-ui",
              deepLinking: true,
              persistAuthorization: false,
              presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
              layout: "StandaloneLayout"
            });
            """;

    private final GatewayConfig config;
    private final Map<String, Buffer> assets = new ConcurrentHashMap<>();
    private PlatformOpenApi openApi;

    public OpenApiRoutes(GatewayConfig config) {
        this.config = config;
    }

    void install(@Observes Router router, Vertx vertx) {
        openApi = new PlatformOpenApi(vertx, config.services(), config.openapi());
        router.get("/q/openapi").handler(this::document);
        router.get(DOCS).handler(rc -> send(rc, "text/html; charset=utf-8", Buffer.buffer(PAGE)));
        router.get(DOCS + "/").handler(rc -> rc.redirect(DOCS));
        router.get(DOCS + "/docs.js").handler(rc -> send(rc, "text/javascript; charset=utf-8", Buffer.buffer(SCRIPT)));
        router.get(DOCS + "/:asset").handler(rc -> asset(rc, vertx));
    }

    private void document(RoutingContext rc) {
        openApi.document().onComplete(done -> {
            if (done.failed()) {
                rc.fail(done.cause());
            } else if (wantsYaml(rc)) {
                send(rc, "application/yaml; charset=utf-8", done.result().yaml());
            } else {
                send(rc, "application/json", done.result().json());
            }
        });
    }

    /** YAML when {@code ?format=yaml}, or when the Accept header names YAML and not JSON; JSON otherwise. */
    static boolean wantsYaml(RoutingContext rc) {
        String format = rc.queryParams().get("format");
        if (format != null) {
            return format.toLowerCase(Locale.ROOT).startsWith("y");
        }
        String accept = rc.request().getHeader(HttpHeaders.ACCEPT);
        if (accept == null) {
            return false;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        return lower.contains("yaml") && !lower.contains("json");
    }

    private void asset(RoutingContext rc, Vertx vertx) {
        String name = rc.pathParam("asset");
        String type = ASSETS.get(name);
        if (type == null) {
            rc.next();
            return;
        }
        Buffer cached = assets.get(name);
        Future<Buffer> body = cached != null ? Future.succeededFuture(cached)
                : vertx.executeBlocking(() -> assets.computeIfAbsent(name, OpenApiRoutes::readAsset), false);
        body.onComplete(done -> {
            if (done.failed()) {
                rc.fail(done.cause());
            } else {
                rc.response().putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=86400");
                send(rc, type, done.result());
            }
        });
    }

    private static Buffer readAsset(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream version = loader.getResourceAsStream(WEBJAR_VERSION)) {
            if (version == null) {
                throw new IllegalStateException("The swagger-ui webjar is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(version);
            try (InputStream asset = loader.getResourceAsStream(WEBJAR + properties.getProperty("version") + "/" + name)) {
                if (asset == null) {
                    throw new IllegalStateException("No " + name + " in the swagger-ui webjar");
                }
                return Buffer.buffer(asset.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(RoutingContext rc, String type, Buffer body) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, type).end(body);
    }
}
