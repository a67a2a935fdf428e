package dev.kubeatlas.gateway;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** RFC 9457 bodies for what the gateway itself answers. */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    static String body(int status, String slug, String title, String detail, String instance) {
        return new JsonObject()
                .put("type", "https://kubeatlas.dev/problems/" + slug)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", instance)
                .encode();
    }

    static void send(HttpServerResponse response, int status, String slug, String title, String detail, String instance) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE)
                .end(body(status, slug, title, detail, instance));
    }

    private Problems() {
    }
}
