package dev.kubeatlas.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.kubeatlas.support.rest.ParameterTypes;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.util.Comparator;
import java.util.List;

/**
 * Turns every failure of a REST endpoint into {@code application/problem+json}. Nothing else builds error bodies;
 * no stack trace or request content reaches a response.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.toProblem(path(uri)));
        if (e.retryAfterSeconds() != null) {
            response.getHeaders().putSingle("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return response;
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        return respond(new Problem(Problem.TYPE_BASE + "validation-failed", "Validation failed", 400,
                violations.size() + " field(s) are invalid", path(uri), violations));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
        String what = e instanceof MismatchedInputException m && !m.getPath().isEmpty()
                ? "field '" + m.getPath().get(m.getPath().size() - 1).getFieldName() + "' has the wrong type"
                : "the body is not valid JSON";
        // the parser's own message may quote the input, which can hold credentials: never echo it
        return respond(Problem.of(400, "malformed-body", "Malformed request body", what + where, path(uri)));
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "forbidden", "Forbidden",
                "Your roles do not allow this operation", path(uri)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, SimpleResourceInfo resource) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        if (e.getCause() != null && !(e.getCause() instanceof WebApplicationException)) {
            // JAX-RS answers 404 when a path or query parameter does not convert to its type: it is the caller's
            // mistake in a value, and the answer names the parameter
            String detail = ParameterTypes.describe(resource, uri);
            return respond(Problem.of(400, "invalid-parameter", "Invalid parameter",
                    detail == null ? "A path or query parameter has a value of the wrong type" : detail, path(uri)));
        }
        Response.StatusType info = e.getResponse().getStatusInfo();
        String slug = info.getReasonPhrase().toLowerCase().replace(' ', '-');
        return respond(Problem.of(status, slug, info.getReasonPhrase(), e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        Log.errorf(e, "Unexpected failure serving %s", path(uri));
        return respond(Problem.of(500, "internal-error", "Internal error",
                "The request failed unexpectedly; the failure was logged", path(uri)));
    }

    private static Response unauthorized(UriInfo uri) {
        return Response.fromResponse(respond(Problem.of(401, "unauthorized", "Unauthorized",
                "A valid bearer token is required", path(uri)))).header("WWW-Authenticate", "Bearer").build();
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }

    private static String field(ConstraintViolation<?> violation) {
        // "register.request.name" -> "name": callers know fields, not Java method names
        String path = violation.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
