package dev.kubeatlas.support.names;

import dev.kubeatlas.support.problem.ProblemException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The names KubeAtlas accepts for clusters, namespaces, resource types and objects, as the Kubernetes API server
 * checks them, and the one way a name becomes a segment of a Kubernetes URL. Everything that reaches a cluster's API
 * server passes through here first: a name that fails is a 400 and no request is made.
 */
public final class KubeNames {

    /** DNS-1123 label: namespaces, cluster names, Services. */
    static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** DNS-1123 subdomain: most object names and nodes. */
    static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /**
     * Object names as the API server accepts them in a path for any type: RBAC objects take {@code :} (for example
     * {@code system:controller:job-controller}) and some custom resources take upper case or {@code _}; never a
     * {@code /}, {@code %}, {@code ?}, {@code #}, white space, control or non-ASCII character, nor {@code .} or {@code ..}.
     */
    static final Pattern OBJECT = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.:@-]*[A-Za-z0-9_])?");
    /** What kubectl accepts as a type: plural, singular, kind, short name, {@code plural.group}, {@code plural.version.group}. */
    static final Pattern TYPE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    public static final int LABEL_MAX = 63;
    public static final int SUBDOMAIN_MAX = 253;

    public static String cluster(String value) {
        return check("cluster", value, LABEL, LABEL_MAX, "a DNS-1123 label (lower-case letters, digits and '-', at most 63)");
    }

    public static String namespace(String value) {
        return check("namespace", value, LABEL, LABEL_MAX, "a DNS-1123 label (lower-case letters, digits and '-', at most 63)");
    }

    /** A namespace given as an optional filter: null or blank means none. */
    public static String optionalNamespace(String value) {
        return value == null || value.isEmpty() ? null : namespace(value);
    }

    public static String node(String value) {
        return check("node", value, SUBDOMAIN, SUBDOMAIN_MAX, "a DNS-1123 subdomain");
    }

    /** A pod, container or other DNS-1123 subdomain-named object, under the parameter name given. */
    public static String subdomain(String parameter, String value) {
        return check(parameter, value, SUBDOMAIN, SUBDOMAIN_MAX, "a DNS-1123 subdomain");
    }

    public static String object(String value) {
        return object("name", value);
    }

    public static String object(String parameter, String value) {
        String checked = check(parameter, value, OBJECT, SUBDOMAIN_MAX,
                "an object name (letters, digits, '-', '.', ':', '_' and '@', starting and ending with a letter or digit, at most 253)");
        if (checked.contains("..")) {
            throw invalid(parameter, "an object name without '..'");
        }
        return checked;
    }

    public static String type(String value) {
        return check("resource", value, TYPE, SUBDOMAIN_MAX, "a resource type (plural, singular, kind, short name or plural.group)");
    }

    /** True when {@code value} is a valid DNS-1123 label. */
    public static boolean isLabel(String value) {
        return value != null && value.length() <= LABEL_MAX && LABEL.matcher(value).matches();
    }

    /** One path segment of a Kubernetes URL: every character outside the unreserved set is percent-encoded. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String check(String parameter, String value, Pattern pattern, int max, String rule) {
        if (value == null || value.isEmpty()) {
            throw invalid(parameter, rule);
        }
        if (value.length() > max || !pattern.matcher(value).matches()) {
            throw invalid(parameter, rule);
        }
        return value;
    }

    private static ProblemException invalid(String parameter, String rule) {
        // the value is not echoed: it may hold anything, control characters included
        return ProblemException.badRequest("invalid-" + parameter, "'" + parameter + "' must be " + rule);
    }

    private KubeNames() {
    }
}
