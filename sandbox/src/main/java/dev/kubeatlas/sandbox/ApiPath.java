package dev.kubeatlas.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request path of the Kubernetes API taken apart: {@code /api/v1/namespaces/shop/pods/web/status?dryRun=All}
 * is group "", version v1, namespace shop, plural pods, name web, subresource status, query {dryRun=All}.
 */
record ApiPath(String group, String version, String namespace, String plural, String name, String subresource,
               Map<String, String> query) {

    private static final Pattern PATH = Pattern.compile(
            "/(?:api/(?<core>[^/]+)|apis/(?<group>[^/]+)/(?<version>[^/]+))"
                    + "(?:/namespaces/(?<namespace>[^/]+))?/(?<plural>[^/]+)(?:/(?<name>[^/]+))?(?:/(?<sub>[^/]+))?");

    static Optional<ApiPath> parse(String requestPath) {
        int q = requestPath.indexOf('?');
        String path = q < 0 ? requestPath : requestPath.substring(0, q);
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        boolean core = m.group("core") != null;
        return Optional.of(new ApiPath(core ? "" : m.group("group"), core ? m.group("core") : m.group("version"),
                m.group("namespace"), m.group("plural"), m.group("name"), m.group("sub"),
                q < 0 ? Map.of() : query(requestPath.substring(q + 1))));
    }

    private static Map<String, String> query(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            params.putIfAbsent(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    /** A POST to a collection: {@code /api/v1/namespaces/shop/configmaps}, {@code /api/v1/namespaces}. */
    boolean isCollection() {
        return name == null && subresource == null;
    }

    boolean isStatus() {
        return "status".equals(subresource);
    }

    /** The resource as the API server names it in errors: {@code configmaps}, {@code deployments.apps}. */
    String groupResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }
}
