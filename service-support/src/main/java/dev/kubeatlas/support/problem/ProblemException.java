package dev.kubeatlas.support.problem;

import java.util.List;

/**
 * A failure the caller can act on, rendered as problem+json with its status. Resources throw it (or fail their
 * {@code Uni} with it); they never build error bodies themselves.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.Violation> violations;
    private Integer retryAfterSeconds;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, null);
    }

    public ProblemException(int status, String slug, String title, String detail, List<Problem.Violation> violations) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.violations = violations;
    }

    public static ProblemException badRequest(String slug, String detail) {
        return new ProblemException(400, slug, "Bad request", detail);
    }

    public static ProblemException notFound(String slug, String title, String detail) {
        return new ProblemException(404, slug, title, detail);
    }

    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(409, slug, title, detail);
    }

    public static ProblemException unprocessable(String slug, String title, String detail) {
        return new ProblemException(422, slug, title, detail);
    }

    public static ProblemException forbidden(String slug, String title, String detail) {
        return new ProblemException(403, slug, title, detail);
    }

    /** 503 with a {@code Retry-After}: something this service depends on is not available right now. */
    public static ProblemException unavailable(String slug, String title, String detail, int retryAfterSeconds) {
        ProblemException e = new ProblemException(503, slug, title, detail);
        e.retryAfterSeconds = retryAfterSeconds;
        return e;
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "payload-too-large", "Payload too large", detail);
    }

    public int status() {
        return status;
    }

    /** The last segment of the problem type, e.g. {@code cluster-not-found}. */
    public String slug() {
        return slug;
    }

    /** Seconds the client should wait before retrying, or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Problem toProblem(String instance) {
        return new Problem(Problem.TYPE_BASE + slug, title, status, getMessage(), instance, violations);
    }
}
