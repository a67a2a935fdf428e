package dev.kubeatlas.cluster.kube;

/**
 * What a kubeconfig says about one context, without its credentials.
 *
 * @param authKind {@code token}, {@code client-certificate}, {@code exec} or {@code none}
 */
public record ParsedKubeconfig(String context, String cluster, String server, String user, String namespace,
                               String authKind, String execCommand) {
}
