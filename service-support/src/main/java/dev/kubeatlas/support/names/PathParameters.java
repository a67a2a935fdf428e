package dev.kubeatlas.support.names;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Checks every path parameter named {@code cluster}, {@code namespace}, {@code resource}, {@code name} or
 * {@code node}, and the {@code namespace} query parameter, of every endpoint of every service before the endpoint
 * runs ({@code _} stands for "cluster-scoped" where a path has a namespace segment): a value the API server would not accept is a 400 problem and reaches neither a database nor a cluster.
 * The endpoints and the {@code kube} code can rely on it; they check nothing of the kind themselves.
 */
public class PathParameters {

    /** The namespace path segment of a cluster-scoped object where a path has one (history). */
    static final String CLUSTER_SCOPED = "_";

    @ServerRequestFilter
    public void check(UriInfo uri) {
        MultivaluedMap<String, String> path = uri.getPathParameters(true);
        for (Map.Entry<String, List<String>> entry : path.entrySet()) {
            for (String value : entry.getValue()) {
                checkPath(entry.getKey(), value);
            }
        }
        List<String> namespaces = uri.getQueryParameters(true).get("namespace");
        if (namespaces != null) {
            namespaces.forEach(KubeNames::optionalNamespace);
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
