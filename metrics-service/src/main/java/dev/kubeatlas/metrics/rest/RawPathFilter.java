package dev.kubeatlas.metrics.rest;

import dev.kubeatlas.support.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Locale;

/**
 * A path of this service's API with a dot segment ({@code ..}, {@code .}, also percent-encoded) or an encoded slash or
 * backslash is a 400 before any route is matched: left to the HTTP layer it would be resolved into another path (and
 * answer as that path does), when no Kubernetes name can hold it.
 */
public class RawPathFilter {

    static final String API = "/api/v1/metrics/";

    @ServerRequestFilter(preMatching = true)
    public void refuseDotSegments(HttpServerRequest request) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (path.startsWith(API) && !isPlain(path)) {
            throw ProblemException.badRequest("invalid-path",
                    "A path segment is '.' or '..', or holds an encoded '/' or '\\'; no Kubernetes name does");
        }
    }

    static boolean isPlain(String rawPath) {
        for (String segment : rawPath.split("/", -1)) {
            String s = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (s.equals(".") || s.equals("..") || s.contains("%2f") || s.contains("%5c") || s.contains("\\")) {
                return false;
            }
        }
        return true;
    }
}
