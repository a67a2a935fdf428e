package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.support.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A cluster name in a path is a DNS-1123 label, or the request is a 400 before any route is matched or anything is
 * looked up: {@code ..}, {@code %2F}, spaces, NUL, non-ASCII and over-long names never reach a resource.
 */
public class ClusterNameFilter {

    static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final List<String> PREFIXES = List.of("/api/v1/clusters/", "/internal/v1/clusters/");

    @ServerRequestFilter(preMatching = true)
    public void check(HttpServerRequest request) {
        // the path as sent: before dot segments are resolved or anything is decoded
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        for (String prefix : PREFIXES) {
            if (path != null && path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                int slash = rest.indexOf('/');
                String segment = slash < 0 ? rest : rest.substring(0, slash);
                if (!segment.isEmpty() && !valid(segment)) {
                    throw ProblemException.badRequest("invalid-cluster-name", "A cluster name is a DNS-1123 label: "
                            + "at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
                }
            }
        }
    }

    private static boolean valid(String rawSegment) {
        String name;
        try {
            name = URLDecoder.decode(rawSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return DNS_1123_LABEL.matcher(name).matches();
    }
}
