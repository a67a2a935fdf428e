package dev.kubeatlas.history.rest;

import dev.kubeatlas.support.problem.Problem;
import dev.kubeatlas.support.problem.ProblemException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed query parameters, read from their text so that a value of the wrong form is a 400 naming the parameter
 * (the framework's own conversion answers 404). An absent or blank parameter is null.
 */
final class QueryParams {

    /** The instants a timestamp column holds, and a caller can mean. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    static Instant instant(String name, String value) {
        if (absent(value)) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw invalid(name, "is not an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw invalid(name, "is not between the years 1 and 9999");
        }
        return at;
    }

    static Integer integer(String name, String value, int min, int max) {
        if (absent(value)) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, "is not a whole number");
        }
        if (number < min || number > max) {
            throw invalid(name, "is not between " + min + " and " + max);
        }
        return number;
    }

    static String oneOf(String name, String value, Set<String> allowed) {
        if (absent(value)) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw invalid(name, "is not one of " + String.join(", ", new TreeSet<>(allowed)));
        }
        return value;
    }

    private static boolean absent(String value) {
        return value == null || value.isBlank();
    }

    private static ProblemException invalid(String name, String why) {
        String message = "'" + name + "' " + why;
        return new ProblemException(400, "invalid-query-parameter", "Invalid query parameter", message,
                List.of(new Problem.Violation(name, message)));
    }

    private QueryParams() {
    }
}
