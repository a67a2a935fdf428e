package dev.kubeatlas.cluster.service;

import dev.kubeatlas.cluster.kube.ParsedKubeconfig;

/** One context of a kubeconfig, as the contexts preview lists it: names and the server, never a credential. */
public record KubeconfigContext(String name, String cluster, String server, String user, String namespace,
                                String authKind, boolean current) {

    static KubeconfigContext of(ParsedKubeconfig parsed) {
        return new KubeconfigContext(parsed.context(), parsed.cluster(), parsed.server(), parsed.user(),
                parsed.namespace(), parsed.authKind(), parsed.current());
    }
}
