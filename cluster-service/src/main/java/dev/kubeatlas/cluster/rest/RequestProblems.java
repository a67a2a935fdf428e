package dev.kubeatlas.cluster.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.kubeatlas.support.problem.Problem;
import dev.kubeatlas.support.problem.ProblemMappers;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Request problems the shared mappers leave to other defaults. JAX-RS answers a path or query parameter it cannot convert with a 404 caused by the conversion failure: that is a
 * bad request, not a missing resource. A 404 without a cause (no such route) stays a 404.
 */
public class RequestProblems {

    private final ProblemMappers shared = new ProblemMappers();

    /** Quarkus has a mapper of its own for this one, which answers without a body: the shared problem instead. */
    @ServerExceptionMapper
    public Response mismatchedBody(MismatchedInputException e, UriInfo uri) {
        return shared.unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        String path = uri == null ? null : uri.getRequestUri().getRawPath();
        if (e.getCause() != null) {
            return ProblemMappers.respond(Problem.of(400, "invalid-parameter", "Bad request",
                    "A parameter of the request has a value of the wrong type", path));
        }
        return ProblemMappers.respond(Problem.of(404, "not-found", "Not Found", e.getMessage(), path));
    }
}
