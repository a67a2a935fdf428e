package dev.kubeatlas.support.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kubeatlas.support.problem.Problem;
import dev.kubeatlas.support.problem.ProblemException;

import java.util.List;

/**
 * The one list envelope of the platform: {@code {"items": [...], "continue": "...", "errors": [...]}}.
 * {@code continue} is there only when there is another page; {@code errors} only on answers that fan out over
 * several clusters, one entry per cluster that could not be read (the items of the others are still there).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Items<T>(List<T> items, @JsonProperty("continue") String continueToken, List<ClusterError> errors) {

    public Items(List<T> items, String continueToken) {
        this(items, continueToken, null);
    }

    public static <T> Items<T> of(List<T> items) {
        return new Items<>(items, null, null);
    }

    /** A fan-out answer: the items read, and a problem for every cluster that could not be read (never null). */
    public static <T> Items<T> fanOut(List<T> items, List<ClusterError> errors) {
        return new Items<>(items, null, errors == null ? List.of() : errors);
    }

    /** Why one cluster of a fan-out answer is missing from its items. */
    public record ClusterError(String cluster, Problem problem) {

        /**
         * Why {@code cluster} could not be read: the problem it failed with, or, for a failure that is not a problem
         * (whose message may say more than a caller should see), only that the cluster could not be read.
         */
        public static ClusterError of(String cluster, Throwable failure, String instance) {
            if (failure instanceof ProblemException p) {
                return new ClusterError(cluster, p.toProblem(instance));
            }
            return new ClusterError(cluster, Problem.of(503, "cluster-unreachable", "Cluster unreachable",
                    "The cluster could not be read", instance));
        }
    }
}
