package dev.kubeatlas.support.problem;

import io.vertx.core.json.JsonObject;

/**
 * Another platform service's refusal, as the service that called it answers it: the callee's problem (type, title,
 * detail) passed on with its status, or, for an answer that is no problem, one that names the callee and the status.
 */
public final class PassedOnProblem {

    /** The problem {@code service} answered with {@code status} and {@code body}. */
    public static ProblemException of(String service, int status, String body) {
        JsonObject problem = json(body);
        String fallback = service + " answered HTTP " + status;
        String slug = problem == null ? service + "-refused"
                : problem.getString("type", service + "-refused").replaceFirst(".*/", "");
        String title = problem == null ? "Refused by " + service : problem.getString("title", "Refused by " + service);
        String detail = problem == null ? fallback : problem.getString("detail", fallback);
        return new ProblemException(status, slug, title, detail);
    }

    /** The {@code detail} of a problem body, or {@code fallback} when the body is none. */
    public static String detail(String body, String fallback) {
        JsonObject problem = json(body);
        return problem == null ? fallback : problem.getString("detail", fallback);
    }

    private static JsonObject json(String body) {
        try {
            return body == null || body.isBlank() ? null : new JsonObject(body);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private PassedOnProblem() {
    }
}
