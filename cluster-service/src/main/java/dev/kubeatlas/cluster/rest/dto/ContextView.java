package dev.kubeatlas.cluster.rest.dto;

import dev.kubeatlas.cluster.service.KubeconfigContext;

/** One context of a kubeconfig: names and the server, never a credential. */

public record ContextView(String name, String cluster, String server, String user, String namespace, String authKind,
                          boolean current) {

    public static ContextView of(KubeconfigContext c) {
        return new ContextView(c.name(), c.cluster(), c.server(), c.user(), c.namespace(), c.authKind(), c.current());
    }
}
