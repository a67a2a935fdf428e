package dev.kubeatlas.support.names;

import dev.kubeatlas.support.problem.ProblemException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import dev.kubeatlas.support.rest.ParameterTypes;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.util.List;
import java.util.Map;

/**
 * Checks every path parameter named {@code cluster}, {@code namespace}, {@code resource}, {@code name} or
 * {@code node}, and the query parameters {@code namespace}, {@code cluster}, {@code clusters} and {@code resource}, of every endpoint of every service before the endpoint
 * runs ({@code _} stands for "cluster-scoped" where a path has a namespace segment): a value the API server would not accept is a 400 problem and reaches neither a database nor a cluster.
 * No parameter at all may hold a control character, and every path and query parameter must convert to the type
 * its endpoint declares. The endpoints and the {@code kube} code can rely on it; they
 * check nothing of the kind themselves.
 */
public class PathParameters {

    /** The namespace path segment of a cluster-scoped object where a path has one (history). */
    static final String CLUSTER_SCOPED = "_";

    @ServerRequestFilter
    public void check(UriInfo uri, SimpleResourceInfo resource) {
        MultivaluedMap<String, String> path = uri.getPathParameters(true);
        for (Map.Entry<String, List<String>> entry : path.entrySet()) {
            for (String value : entry.getValue()) {
                refuseControlCharacters(entry.getKey(), value);
                checkPath(entry.getKey(), value);
            }
        }
        for (Map.Entry<String, List<String>> entry : uri.getQueryParameters(true).entrySet()) {
            for (String value : entry.getValue()) {
                refuseControlCharacters(entry.getKey(), value);
                checkQuery(entry.getKey(), value);
            }
        }
        ParameterTypes.require(resource, uri);
    }

    /** No parameter of any endpoint carries a control character: none has a meaning, and NUL breaks PostgreSQL. */
    static void refuseControlCharacters(String parameter, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw ProblemException.badRequest("invalid-parameter", "'" + parameter + "' holds a control character");
            }
        }
    }

    /** Query parameters that name a cluster, namespace or type, as filters: empty means "any". */
    static void checkQuery(String parameter, String value) {
        if (value.isEmpty()) {
            return;
        }
        switch (parameter) {
            case "namespace" -> KubeNames.namespace(value);
            case "cluster" -> KubeNames.cluster(value);
            case "resource" -> KubeNames.type(value);
            case "clusters" -> {
                for (String cluster : value.split(",")) {
                    if (!cluster.isBlank()) {
                        KubeNames.cluster(cluster.strip());
                    }
                }
            }
            default -> {
            }
        }
    }

    static void checkPath(String parameter, String value) {
        switch (parameter) {
            case "cluster" -> KubeNames.cluster(value);
            case "namespace" -> {
                if (!CLUSTER_SCOPED.equals(value)) {
                    KubeNames.namespace(value);
                }
            }
            case "resource" -> KubeNames.type(value);
            case "name" -> KubeNames.object(value);
            case "node" -> KubeNames.node(value);
            default -> {
            }
        }
    }
}
