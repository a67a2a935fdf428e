package dev.kubeatlas.cluster.kube;

import io.fabric8.kubernetes.api.model.Config;

/**
 * What a kubeconfig says about one context, and that context alone as a kubeconfig.
 *
 * @param authKind   {@code token}, {@code client-certificate}, {@code exec} or {@code none}
 * @param current    the kubeconfig's current-context names this context
 * @param validated  a kubeconfig of only this context, its cluster and its user, exactly as validated: clients are
 *                   built from this object, never from the text again. It holds the credentials.
 */
public record ParsedKubeconfig(String context, String cluster, String server, String user, String namespace,
                               String authKind, String execCommand, boolean current, Config validated) {

    /** Never print the credentials. */
    @Override
    public String toString() {
        return "ParsedKubeconfig[context=" + context + ", server=" + server + ", authKind=" + authKind + "]";
    }
}
