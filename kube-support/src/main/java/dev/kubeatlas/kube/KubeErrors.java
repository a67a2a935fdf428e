package dev.kubeatlas.kube;

import dev.kubeatlas.support.problem.Problem;
import dev.kubeatlas.support.problem.ProblemException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.logging.Log;

import java.util.List;

/**
 * What a failed call to a cluster's API server means for the caller. The API server's own Status message is passed
 * on (it says which object and why, e.g. the RBAC reason); anything else the connection produced is not.
 * The one translation of Kubernetes API errors to problem+json, shared by every service that calls a cluster.
 */
public final class KubeErrors {

    public static final int RETRY_AFTER_SECONDS = 10;

    public static ProblemException translate(String cluster, Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        if (!(failure instanceof KubernetesClientException e)) {
            Log.warnf("Call to cluster %s failed: %s", cluster, failure.toString());
            return unreachable(cluster);
        }
        String message = statusMessage(e);
        return switch (e.getCode()) {
            case 0 -> unreachable(cluster);
            case 400 -> ProblemException.badRequest("kubernetes-bad-request", message);
            case 401 -> ProblemException.unavailable("cluster-credentials-rejected", "Cluster credentials rejected",
                    "The API server of cluster '" + cluster + "' rejected KubeAtlas' credentials; an admin must "
                            + "update the cluster's kubeconfig", 60);
            case 403 -> ProblemException.forbidden("kubernetes-forbidden", "Forbidden by the cluster", message);
            case 404 -> ProblemException.notFound("resource-not-found", "Resource not found", message);
            case 405 -> new ProblemException(405, "kubernetes-method-not-allowed", "Not supported by this resource type", message);
            case 409 -> ProblemException.conflict("kubernetes-conflict", "Conflict", message);
            case 413 -> ProblemException.tooLarge(message);
            case 422 -> new ProblemException(422, "kubernetes-invalid", "Rejected by the API server", message, causes(e));
            case 429, 500, 502, 503, 504 -> ProblemException.unavailable("cluster-busy", "Cluster API server unavailable",
                    "The API server of cluster '" + cluster + "' answered HTTP " + e.getCode() + "; try again", RETRY_AFTER_SECONDS);
            default -> ProblemException.unavailable("cluster-error", "Cluster API server error",
                    "The API server of cluster '" + cluster + "' answered HTTP " + e.getCode(), RETRY_AFTER_SECONDS);
        };
    }

    public static ProblemException unreachable(String cluster) {
        return ProblemException.unavailable("cluster-unreachable", "Cluster unreachable",
                "The API server of cluster '" + cluster + "' cannot be reached now; other clusters are not affected",
                RETRY_AFTER_SECONDS);
    }

    private static String statusMessage(KubernetesClientException e) {
        Status status = e.getStatus();
        if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
            return status.getMessage();
        }
        return "The API server answered HTTP " + e.getCode();
    }

    private static List<Problem.Violation> causes(KubernetesClientException e) {
        if (e.getStatus() == null || e.getStatus().getDetails() == null || e.getStatus().getDetails().getCauses() == null) {
            return null;
        }
        return e.getStatus().getDetails().getCauses().stream()
                .map((StatusCause c) -> new Problem.Violation(c.getField(), c.getMessage())).toList();
    }

    private KubeErrors() {
    }
}
