package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.support.problem.ProblemException;

/**
 * Typed query parameters, read from their text here rather than by JAX-RS, whose conversion failures are a 404
 * that does not say which parameter is wrong.
 */
final class QueryParams {

    private QueryParams() {
    }

    /** {@code true} or {@code false} (any case); absent or empty is false. */
    static boolean flag(String name, String value) {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw invalid(name, "must be true or false");
    }

    /** A whole number from {@code min} to {@code max}; absent or empty is the default. */
    static int number(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a whole number from " + min + " to " + max);
        }
        if (number < min || number > max) {
            throw invalid(name, "must be a whole number from " + min + " to " + max);
        }
        return number;
    }

    private static ProblemException invalid(String name, String rule) {
        return ProblemException.badRequest("invalid-parameter", "Query parameter '" + name + "' " + rule);
    }
}
