package dev.kubeatlas.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests that put a hostile value into one parameter of one operation of a service's OpenAPI document, every
 * other parameter holding a valid value: what an attacker tries against every endpoint that names a cluster,
 * namespace, type or object. A service's test sends them all and checks that each is refused with a 4xx problem
 * and that nothing reached a cluster.
 */
public final class HostileRequests {

    /**
     * Names and namespaces an attacker tries: dot segments inside values, separators plain and encoded, control,
     * white space, unicode, overlong. A value that is only a dot segment ({@code .}, {@code ..}) is not here: the HTTP
     * layer resolves it (RFC 3986) before any endpoint is chosen, so it names another path, never a parameter.
     */
    public static List<String> names() {
        Set<String> values = new LinkedHashSet<>(List.of(
                "..%2F..%2Fsecrets", "../../secrets", "../secrets", "a/b", "a%2Fb", "a%2fb", "%2F", "/", "//", "a//b",
                "default/secrets?", "default%2Fsecrets%3F", "default/secrets?&events", "#", "%23", "x?y", "x#y", "x?", "?",
                "web:80/proxy/", "web:80%2Fproxy%2F", "http:web:80/proxy", "web/log", "web%2Flog", "web/exec", "pod/log?follow",
                "a\u0000b", "%00", "a%00", "\u0000", "a\rb", "a\nb", "a\r\nb", "%0d%0a", "a%0Ab", "\r\n\r\nGET /",
                "a b", " a", "a ", " ", "a\tb", "a%20b", "a+b", "a\\b", "\\", "..\\..\\", "a\\..\\b", "ä", "名前", "über",
                "a\u202eb", "\u00a0", "a\u2028b", "a\u0085b", "\ud83d\ude00", "ａ", "ⓐ", "a\u200bb", "a{}", "{x}", "${jndi:x}",
                "{{x}}", "a;b", "a;rm -rf", "a&b", "a=b", "a'b", "a\"b", "a<b>", "<script>", "a|b", "a$b", "`id`", "$(id)",
                "~a", "a,b", "a*", "*", "a%", "%", "%zz", "%252F", "%25", "-a", "a-", ".a", "a.", "-",
                "%2E%2E%2F", "a/../b", "a/./b", "a..b/..", "A".repeat(254), "a".repeat(254),
                "a".repeat(1000), "a.".repeat(130) + "a", "-".repeat(64), "a@b/c", "a:b/c", "a:", ":", "@", "a!", "!", "a[0]",
                "[", "]", "a^b", "null\u0000", "\u001b[31m", "\u007f", "a\u0008b", "%c0%af", "%e2%80%8b", "%ff", "..;/",
                "a;jsessionid=x", "a%3Bb", "a%3Fb", "a%23b", "a%5Cb", "a%09b", "CON%00", "a/b/c/d/e", "::1",
                "127.0.0.1:80/", "http://x", "file:///etc/passwd", "../../../../etc/passwd", "....//", "..././",
                "a\u0300", "e\u0301", "ß", "ı", "\u212a", "ﬁ", "\ufeffa", "a\ufffd", "a\ud800", "a\u2215b", "a\u2044b",
                "a\uff0fb", "a\u29f8b", "%u002e%u002e", "a%u2215b", "%%32%65", "a\u0000.b", ".git", "a%0",
                "$", "$a", "a#/b", "a?b=c#d", "a%3D", "ab\u0000", "\u0085", "\u2029", "\u180e", "a\u3000b"));
        return List.copyOf(values);
    }

    /** Selectors an attacker or a careless script sends: malformed terms, separators, control characters. */
    public static List<String> selectors() {
        return List.of("!!!", "app===x", "app=web,", ",", "app in web", "app in (a b)", "a b", "app=x y", "=x", "!=x",
                "app=\u0000", "äpp=x", "app>1", "(app)", "app=(x)", "app notin", "app!", "app=x\\y", "app=x&y=z",
                "app=x#", "app=%00", "app=../..", "a/b/c=x", "app=" + "x".repeat(64), "x".repeat(400) + "=y", "app=x\u0000");
    }

    /** Field selectors that are malformed: terms without an operator, unknown operators, separators in values. */
    public static List<String> fieldSelectors() {
        return List.of("!!!", "app===x", "metadata.name=a,", ",", "=x", "metadata.name", "app=(x)", "app=x\\y",
                "app=x&y=z", "app=x#", "app=%00", "a..b=x", "a=b c", "äpp=x", "app in (a)", "app=\u0000", "app!x",
                "metadata.name=x;y", "spec.nodeName=<x>", "1app=x", ".app=x", "app.=x", "app=x?y", "a=" + "x".repeat(300));
    }

    /** One request: the method, the raw (already encoded) path and query, and what the hostile value was. */
    public record Request(String method, String path, String query, String parameter, String value) {
        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : "?" + query) + "  [" + parameter + "]";
        }
    }

    /**
     * Every request of {@code openApiJson} that takes a parameter of {@code attacked} (path or query), once per
     * hostile value, with {@code valid} values for every other path parameter (a parameter missing from it gets
     * {@code x}).
     */
    public static List<Request> of(String openApiJson, Set<String> attacked, Map<String, String> valid, List<String> hostile) {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(openApiJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Request> requests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                Set<String> pathParams = templateParams(path.getKey());
                Set<String> queryParams = new LinkedHashSet<>();
                for (JsonNode p : op.getValue().path("parameters")) {
                    if ("query".equals(p.path("in").asText())) {
                        queryParams.add(p.path("name").asText());
                    }
                }
                for (String target : pathParams) {
                    if (attacked.contains(target)) {
                        for (String value : hostile) {
                            requests.add(new Request(method, fill(path.getKey(), valid, target, value),
                                    validQuery(queryParams, valid), target, value));
                        }
                    }
                }
                for (String target : queryParams) {
                    if (attacked.contains(target)) {
                        for (String value : hostile) {
                            String others = validQuery(queryParams, valid, target);
                            requests.add(new Request(method, fill(path.getKey(), valid, null, null),
                                    (others.isEmpty() ? "" : others + "&") + target + "=" + encode(value), target, value));
                        }
                    }
                }
            }
        }
        return requests;
    }

    /** Percent-encodes everything but the unreserved characters, so the service receives the value as it is. */
    public static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}]+)}");

    private static Set<String> templateParams(String path) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = TEMPLATE.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String fill(String template, Map<String, String> valid, String target, String value) {
        Matcher m = TEMPLATE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = name.equals(target) ? encode(value) : encode(valid.getOrDefault(name, "x"));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String validQuery(Set<String> queryParams, Map<String, String> valid, String... except) {
        List<String> parts = new ArrayList<>();
        for (String q : queryParams) {
            if (List.of(except).contains(q) || !valid.containsKey(q)) {
                continue;
            }
            parts.add(q + "=" + encode(valid.get(q)));
        }
        return String.join("&", parts);
    }

    private HostileRequests() {
    }
}
