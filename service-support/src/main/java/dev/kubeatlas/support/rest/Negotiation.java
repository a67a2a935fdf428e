package dev.kubeatlas.support.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** Content negotiation for answers that JSON serves by default and another type (YAML, plain text) on request. */
public final class Negotiation {

    /**
     * The caller lists a type containing {@code wanted} (e.g. {@code yaml}, {@code text/plain}) before anything JSON
     * would satisfy; {@code *}{@code /*} is satisfied by JSON.
     */
    public static boolean prefers(HttpHeaders headers, String wanted) {
        if (headers == null) {
            return false;
        }
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.toString().contains(wanted)) {
                return true;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }

    private Negotiation() {
    }
}
