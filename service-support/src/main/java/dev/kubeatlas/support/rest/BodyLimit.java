package dev.kubeatlas.support.rest;

import dev.kubeatlas.support.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a body whose declared length exceeds {@code kubeatlas.http.max-body-bytes} with a 413 problem before it
 * is read. A body sent without a length is cut off by {@code quarkus.http.limits.max-body-size}.
 */
public class BodyLimit {

    private final long maxBytes;

    public BodyLimit(@ConfigProperty(name = "kubeatlas.http.max-body-bytes", defaultValue = "10485760") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public void check(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        if (length == null) {
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-content-length", "Content-Length is not a number");
        }
        if (declared > maxBytes) {
            throw ProblemException.tooLarge("The body is " + declared + " bytes; at most " + maxBytes + " are accepted");
        }
    }
}
