package dev.kubeatlas.metrics.service;

import dev.kubeatlas.support.problem.Problem;
import dev.kubeatlas.support.problem.ProblemException;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Query parameters and fields that are more than their type, checked at the edge before anything is read: numbers in
 * a range, times a sample can have, one of a set. Each failure is a 400 that names the
 * parameter and never quotes its value. Kubernetes names are checked by {@link dev.kubeatlas.support.names.KubeNames}.
 */
public final class Parameters {

    /** Times before this or after {@link #LATEST} are no time a sample can have. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** An integer from {@code min} to {@code max}; {@code fallback} when not given. */
    public static int integer(String parameter, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return (int) number(parameter, value, min, max);
    }

    /** A whole number from {@code min} to {@code max}; null when not given. */
    public static Long optionalNumber(String parameter, String value, long min, long max) {
        return value == null || value.isBlank() ? null : number(parameter, value, min, max);
    }

    private static long number(String parameter, String value, long min, long max) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw invalid(parameter, "must be a whole number from " + min + " to " + max);
    }

    /** An ISO-8601 instant ({@code 2026-11-23T12:00:00Z}) between 1970 and 9999; null when not given. */
    public static Instant instant(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant t = Instant.parse(value.trim());
            if (!t.isBefore(EARLIEST) && !t.isAfter(LATEST)) {
                return t;
            }
        } catch (DateTimeException e) {
            // said below
        }
        throw invalid(parameter, "must be an ISO-8601 time such as 2026-11-23T12:00:00Z, from 1970 to 9999");
    }

    /** {@code 30m}, {@code 6h}, {@code 1d} or ISO-8601 ({@code PT6H}), positive; a 400 naming the parameter otherwise. */
    public static Duration duration(String parameter, String text) {
        try {
            String t = text.trim().toLowerCase(Locale.ROOT);
            Duration d = t.startsWith("p") ? Duration.parse(t.toUpperCase(Locale.ROOT))
                    : t.endsWith("d") ? Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)))
                    : Duration.parse("PT" + t.toUpperCase(Locale.ROOT));
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw invalid(parameter, "must be a positive duration such as 30m, 6h, 1d or PT6H");
        }
    }

    /** The value when it is one of {@code allowed}; null when not given. */
    public static String oneOf(String parameter, String value, List<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw invalid(parameter, "must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** 400 {@code invalid-parameter}: "{@code parameter} {@code rule}", with the parameter as the violation's field. */
    public static ProblemException invalid(String parameter, String rule) {
        return new ProblemException(400, "invalid-parameter", "Invalid parameter", parameter + " " + rule,
                List.of(new Problem.Violation(parameter, rule)));
    }

    private Parameters() {
    }
}
