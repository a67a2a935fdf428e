package dev.kubeatlas.support.rest;

import dev.kubeatlas.support.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code continue} token of a list paged by a row id (newest first): opaque to the caller, bound to the list
 * that gave it out, so a token of another list, or one made up, is a 400 rather than a silently wrong page.
 */
public final class ContinueToken {

    /** The token that makes the next page start after {@code id} in the list named {@code list}. */
    public static String afterId(String list, long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((list + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The id a token of {@code list} pages on from; null when no token is given. */
    public static Long id(String list, String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (raw.startsWith(list + ":")) {
                long id = Long.parseLong(raw.substring(list.length() + 1));
                if (id > 0) {
                    return id;
                }
            }
        } catch (IllegalArgumentException e) {
            // not base64 or not a number: refused below like any other token this list did not give out
        }
        throw ProblemException.badRequest("invalid-continue", "The continue token is not one this list gave out");
    }

    private ContinueToken() {
    }
}
