package dev.kubeatlas.cluster.kube;

/**
 * What a kubeconfig says about one context, without its credentials.
 *
 * @param authKind {@code token}, {@code client-certificate}, {@code exec} or {@code none}
 * @param current  the kubeconfig's current-context names this context
 */
public record ParsedKubeconfig(String context, String cluster, String server, String user, String namespace,
                               String authKind, String execCommand, boolean current) {
}
