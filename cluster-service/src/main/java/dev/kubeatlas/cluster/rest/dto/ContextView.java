package dev.kubeatlas.cluster.rest.dto;

import dev.kubeatlas.cluster.kube.ParsedKubeconfig;

public record ContextView(String name, String cluster, String server, String user, String namespace, String authKind,
                          boolean current) {

    public static ContextView of(ParsedKubeconfig parsed) {
        return new ContextView(parsed.context(), parsed.cluster(), parsed.server(), parsed.user(), parsed.namespace(),
                parsed.authKind(), parsed.current());
    }
}
