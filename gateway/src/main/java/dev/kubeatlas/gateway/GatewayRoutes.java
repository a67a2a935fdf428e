package dev.kubeatlas.gateway;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
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
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The gateway: every {@code /api/v1/**} request needs a valid bearer token (checked by quarkus-oidc) carrying one of
 * the platform roles, and a body within the limit; it is then streamed to the owning service with the token, and the
 * service's answer streamed back with its status and headers (a {@code Location} naming a service made relative).
 * Every caller is rate limited (by token subject, or by address without a valid token), except health checks.
 * Everything the gateway answers itself is application/problem+json.
 */
@ApplicationScoped
public class GatewayRoutes {

    private final GatewayConfig config;
    /** One reverse proxy per service, with that service as its fixed origin. */
    private final Map<String, HttpProxy> proxies = new HashMap<>();
    private final RateLimiter limiter;
    /** host:port of every service, as a Location header coming back from one may name it. */
    private final Set<String> upstreams;

    /** Roles that may read the gateway's metrics (operators and the platform's own scrapers). */
    private static final List<String> METRICS_ROLES = List.of("admin", "service");
    /** After authentication and authorization (Quarkus' filters run at -200 and -100), before every route. */
    private static final int RATE_LIMIT_ORDER = -10;
    /** Where Quarkus' HTTP metrics look for the template of a request's path. */
    private static final String METRICS_TEMPLATE = "UrlPathTemplate";

    public GatewayRoutes(GatewayConfig config) {
        this.config = config;
        this.limiter = new RateLimiter(config.rateLimit().requestsPerSecond(), config.rateLimit().burst(),
                System::nanoTime);
        this.upstreams = config.services().values().stream().map(URI::create)
                .map(uri -> authority(uri.getHost(), port(uri))).collect(Collectors.toUnmodifiableSet());
    }

    void install(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) config.connectTimeout().toMillis())
                        .setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(64));
        config.services().forEach((service, url) -> {
            URI uri = URI.create(url);
            proxies.put(service, HttpProxy.reverseProxy(client).origin(port(uri), uri.getHost())
                    .addInterceptor(new ServiceExchange()));
        });
        vertx.setPeriodic(60_000, id -> limiter.evictIdle());

        router.route().order(Integer.MIN_VALUE).handler(GatewayRoutes::metricsTemplate);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::authFailure);
        router.route().order(RATE_LIMIT_ORDER).handler(this::rateLimit);
        router.route("/q/metrics*").order(RATE_LIMIT_ORDER + 1).handler(this::metricsAccess);
        router.route("/api/v1/*").handler(this::forward);
        router.route().last().handler(rc -> Problems.send(rc.response(), 404, "not-found", "Not found",
                "Nothing at " + rc.request().path(), rc.request().path()));
    }

    /** Metric labels name the route, never a cluster or object: a templated path for every API request. */
    private static void metricsTemplate(RoutingContext rc) {
        String template = Routes.template(rc.normalizedPath());
        if (template != null && Vertx.currentContext() != null) {
            Vertx.currentContext().putLocal(METRICS_TEMPLATE, template);
        }
        rc.next();
    }

    private void rateLimit(RoutingContext rc) {
        if (rc.normalizedPath().startsWith("/q/health")) {
            rc.next();
            return;
        }
        SecurityIdentity identity = identity(rc);
        String caller = identity == null || identity.isAnonymous() ? byAddress(rc)
                : identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? "subject:" + jwt.getSubject() : "principal:" + identity.getPrincipal().getName();
        if (withinLimit(rc, caller)) {
            rc.next();
        }
    }

    private void metricsAccess(RoutingContext rc) {
        SecurityIdentity identity = identity(rc);
        if (identity == null || identity.isAnonymous()) {
            unauthorized(rc);
        } else if (METRICS_ROLES.stream().noneMatch(identity::hasRole)) {
            Problems.send(rc.response(), 403, "forbidden", "Forbidden",
                    "Metrics need one of the roles " + METRICS_ROLES, rc.request().path());
        } else {
            rc.next();
        }
    }

    /** Takes one request from the caller's allowance; answers 429 and returns false when it is spent. */
    private boolean withinLimit(RoutingContext rc, String caller) {
        long retryAfter = limiter.acquire(caller);
        if (retryAfter == 0) {
            return true;
        }
        rc.response().putHeader("Retry-After", Long.toString(retryAfter));
        Problems.send(rc.response(), 429, "too-many-requests", "Too many requests",
                "Request rate limit reached; retry in " + retryAfter + " s", rc.request().path());
        return false;
    }

    /** The caller as quarkus-oidc authenticated it (anonymous without a token); null before authentication. */
    private static SecurityIdentity identity(RoutingContext rc) {
        return rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
    }

    private static String byAddress(RoutingContext rc) {
        return "address:" + (rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().hostAddress());
    }

    private void forward(RoutingContext rc) {
        String path = rc.request().path();
        HttpProxy proxy = Routes.owner(path).map(proxies::get).orElse(null);
        if (proxy == null) {
            Problems.send(rc.response(), 404, "not-found", "Not found", "No API at " + path, path);
            return;
        }
        SecurityIdentity identity = identity(rc);
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
            payloadTooLarge(rc);
            return;
        }
        proxy.handle(rc.request());
    }

    private void authFailure(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || rc.statusCode() == 401) {
            if (withinLimit(rc, byAddress(rc))) {
                unauthorized(rc);
            }
        } else if (failure instanceof ForbiddenException || rc.statusCode() == 403) {
            Problems.send(rc.response(), 403, "forbidden", "Forbidden", "Your roles do not allow this", rc.request().path());
        } else if (rc.statusCode() == 413) {
            payloadTooLarge(rc);
        } else {
            rc.next();
        }
    }

    private void payloadTooLarge(RoutingContext rc) {
        rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        Problems.send(rc.response(), 413, "payload-too-large", "Payload too large", tooLargeDetail(),
                rc.request().path());
    }

    private String tooLargeDetail() {
        return "Request bodies are limited to " + config.maxBodyBytes() + " bytes";
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

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /** host:port with every loopback name as one, since a service may call itself 127.0.0.1 or localhost. */
    private static String authority(String host, int port) {
        String name = host == null ? "" : host.toLowerCase(Locale.ROOT);
        boolean loopback = name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]") || name.equals("::1");
        return (loopback ? "loopback" : name) + ":" + port;
    }

    /** A Location naming a service (http://127.0.0.1:8081/...) as a path on the gateway; any other as it is. */
    String relativeLocation(String location) {
        try {
            URI uri = URI.create(location);
            if (!uri.isAbsolute() || uri.getRawAuthority() == null || !upstreams.contains(authority(uri.getHost(), port(uri)))) {
                return location;
            }
            return (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        } catch (IllegalArgumentException e) {
            return location;
        }
    }

    /**
     * One request to a service: a chunked body is cut off at the limit (413 problem); a service that cannot be reached
     * is a 503 problem with Retry-After, not an empty 502; a Location naming the service becomes a relative path.
     */
    final class ServiceExchange implements ProxyInterceptor {
        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            Body body = context.request().getBody();
            LimitedBody limited = body == null || body.length() >= 0 ? null
                    : new LimitedBody(body.stream(), config.maxBodyBytes());
            if (limited != null) {
                context.request().setBody(Body.body(limited, -1));
            }
            return context.sendRequest().recover(error -> {
                String path = context.request().getURI();
                if (limited != null && limited.exceeded()) {
                    return Future.succeededFuture(problem(context, 413, "payload-too-large", "Payload too large",
                            tooLargeDetail(), path).putHeader(HttpHeaders.CONNECTION, "close"));
                }
                Log.warnf("Service for %s unreachable: %s", path, error.getMessage());
                return Future.succeededFuture(problem(context, 503, "service-unavailable", "Service unavailable",
                        "The service behind this API is not reachable; try again shortly", path)
                        .putHeader("Retry-After", "5"));
            });
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext context) {
            MultiMap headers = context.response().headers();
            String location = headers.get(HttpHeaders.LOCATION);
            if (location != null) {
                headers.set(HttpHeaders.LOCATION, relativeLocation(location));
            }
            return context.sendResponse();
        }

        private static ProxyResponse problem(ProxyContext context, int status, String slug, String title,
                                             String detail, String path) {
            ProxyResponse response = context.request().response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE);
            response.setBody(Body.body(Buffer.buffer(Problems.body(status, slug, title, detail, path))));
            return response;
        }
    }
}
