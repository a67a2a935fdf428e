package dev.kubeatlas.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;

@ConfigMapping(prefix = "kubeatlas.gateway")
public interface GatewayConfig {

    /** Base URL of each service, by service name ({@code cluster-service}, {@code workload-service}, ...). */
    Map<String, String> services();

    /** Largest request body accepted, in bytes; larger ones get 413 before reaching a service. */
    @WithDefault("10485760")
    long maxBodyBytes();

    /** Realm roles of which a caller needs at least one. Services enforce finer rules themselves. */
    @WithDefault("viewer,operator,admin")
    List<String> requiredRoles();

    /** How long to wait for a service to accept a connection. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Requests per caller: by token subject, or by client address for a caller without a valid token. */
    RateLimit rateLimit();

    /** The platform's OpenAPI document at /q/openapi, merged from the services' own documents. */
    OpenApi openapi();

    interface OpenApi {
        /** How long a document with every service in it is served before the services are asked again. */
        @WithDefault("5m")
        Duration refresh();

        /** How long a document missing a service is served before the services are asked again. */
        @WithDefault("15s")
        Duration retryMissing();

        /** How long to wait for a service's document; a service slower than this is left out. */
        @WithDefault("5s")
        Duration timeout();

        /** The server the document names: the gateway, as its callers reach it ("/" is wherever it was fetched). */
        @WithDefault("/")
        String serverUrl();
    }

    interface RateLimit {
        /** Sustained requests per second a caller may send. */
        @WithDefault("100")
        double requestsPerSecond();

        /** Requests a caller may send at once before the sustained rate applies. */
        @WithDefault("200")
        int burst();
    }
}
