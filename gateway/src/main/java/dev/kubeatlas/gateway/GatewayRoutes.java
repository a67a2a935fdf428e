package dev.kubeatlas.gateway;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The gateway: every {@code /api/v1/**} request needs a valid bearer token (checked by quarkus-oidc) carrying one of
 * the platform roles, and a body within the limit; it is then streamed to the owning service with the token, and the
 * service's answer streamed back with its status and headers.
 */
@ApplicationScoped
public class GatewayRoutes {

    private final GatewayConfig config;
    /** One reverse proxy per service, with that service as its fixed origin. */
    private final Map<String, HttpProxy> proxies = new HashMap<>();

    public GatewayRoutes(GatewayConfig config) {
        this.config = config;
    }

    void install(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) config.connectTimeout().toMillis())
                        .setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(64));
        config.services().forEach((service, url) -> {
            URI uri = URI.create(url);
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            proxies.put(service, HttpProxy.reverseProxy(client).origin(port, uri.getHost())
                    .addInterceptor(new UnavailableService()));
        });

        router.route().order(Integer.MIN_VALUE).failureHandler(this::authFailure);
        router.route("/api/v1/*").handler(this::forward);
    }

    private void forward(RoutingContext rc) {
        String path = rc.request().path();
        HttpProxy proxy = Routes.owner(path).map(proxies::get).orElse(null);
        if (proxy == null) {
            Problems.send(rc.response(), 404, "not-found", "Not found", "No API at " + path, path);
            return;
        }
        SecurityIdentity identity = rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity == null || identity.isAnonymous()) {
            unauthorized(rc);
            return;
        }
        if (config.requiredRoles().stream().noneMatch(identity::hasRole)) {
            Problems.send(rc.response(), 403, "forbidden", "Forbidden",
                    "Your token carries none of the roles " + config.requiredRoles(), path);
            return;
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLong(length) > config.maxBodyBytes()) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            Problems.send(rc.response(), 413, "payload-too-large", "Payload too large",
                    "Request bodies are limited to " + config.maxBodyBytes() + " bytes", path);
            return;
        }
        proxy.handle(rc.request());
    }

    private void authFailure(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || rc.statusCode() == 401) {
            unauthorized(rc);
        } else if (failure instanceof ForbiddenException || rc.statusCode() == 403) {
            Problems.send(rc.response(), 403, "forbidden", "Forbidden", "Your roles do not allow this", rc.request().path());
        } else if (rc.statusCode() == 413) {
            Problems.send(rc.response(), 413, "payload-too-large", "Payload too large",
                    "Request bodies are limited to " + config.maxBodyBytes() + " bytes", rc.request().path());
        } else {
            rc.next();
        }
    }

    private static void unauthorized(RoutingContext rc) {
        rc.response().putHeader("WWW-Authenticate", "Bearer");
        Problems.send(rc.response(), 401, "unauthorized", "Unauthorized", "A valid bearer token is required",
                rc.request().path());
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** A service that cannot be reached is a 503 problem with Retry-After, not an empty 502. */
    static final class UnavailableService implements ProxyInterceptor {
        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            return context.sendRequest().recover(error -> {
                String path = context.request().getURI();
                Log.warnf("Service for %s unreachable: %s", path, error.getMessage());
                ProxyResponse response = context.request().response()
                        .setStatusCode(503)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                        .putHeader("Retry-After", "5");
                response.setBody(Body.body(Buffer.buffer(Problems.body(503, "service-unavailable", "Service unavailable",
                        "The service behind this API is not reachable; try again shortly", path))));
                return Future.succeededFuture(response);
            });
        }
    }
}
