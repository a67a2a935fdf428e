package dev.kubeatlas.cluster.kube;

/** A kubeconfig that cannot be used. The message names what is wrong and never quotes the kubeconfig. */
public class KubeconfigException extends RuntimeException {
    public KubeconfigException(String message) {
        super(message, null, false, false);
    }
}
