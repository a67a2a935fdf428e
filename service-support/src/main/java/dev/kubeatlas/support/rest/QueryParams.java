package dev.kubeatlas.support.rest;

import dev.kubeatlas.support.problem.Problem;
import dev.kubeatlas.support.problem.ProblemException;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Query parameters that are more than their type, read from their text at the edge: flags, numbers in a range,
 * times, durations, one of a set. JAX-RS's own conversion answers a bad value with a 404 that names nothing (and
 * reads any word but {@code true} as false), so each failure here is a 400 {@code invalid-parameter} that names the
 * parameter, as the problem's violation too, and never quotes its value. Absent or blank is "not given".
 * Kubernetes names are checked by {@link dev.kubeatlas.support.names.KubeNames}.
 */
public final class QueryParams {

    /** Times before this or after {@link #LATEST} are no time anything of the platform can have. */
    public static final Instant EARLIEST = Instant.EPOCH;
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** {@code true} or {@code false} in any case; false when not given. */
    public static boolean flag(String parameter, String value) {
        if (absent(value) || value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        throw invalid(parameter, "must be true or false");
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when not given. */
    public static int integer(String parameter, String value, int fallback, int min, int max) {
        return absent(value) ? fallback : (int) number(parameter, value, min, max);
    }

    /** A whole number from {@code min} to {@code max}; null when not given. */
    public static Integer optionalInteger(String parameter, String value, int min, int max) {
        return absent(value) ? null : (int) number(parameter, value, min, max);
    }

    /** A whole number from {@code min} to {@code max}; null when not given. */
    public static Long optionalNumber(String parameter, String value, long min, long max) {
        return absent(value) ? null : number(parameter, value, min, max);
    }

    /** An ISO-8601 instant ({@code 2026-11-23T12:00:00Z}) from 1970 to 9999; null when not given. */
    public static Instant instant(String parameter, String value) {
        if (absent(value)) {
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

    /** {@code 30m}, {@code 6h}, {@code 1d} or ISO-8601 ({@code PT6H}), positive. */
    public static Duration duration(String parameter, String value) {
        try {
            String t = value.trim().toLowerCase(Locale.ROOT);
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

    /** The value when it is one of {@code allowed} (named in that order); null when not given. */
    public static String oneOf(String parameter, String value, Collection<String> allowed) {
        if (absent(value)) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw invalid(parameter, "must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** 400 {@code invalid-parameter}: "'{@code parameter}' {@code rule}", with the parameter as the violation's field. */
    public static ProblemException invalid(String parameter, String rule) {
        return new ProblemException(400, "invalid-parameter", "Invalid parameter", "'" + parameter + "' " + rule,
                List.of(new Problem.Violation(parameter, rule)));
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

    private static boolean absent(String value) {
        return value == null || value.isBlank();
    }

    private QueryParams() {
    }
}
