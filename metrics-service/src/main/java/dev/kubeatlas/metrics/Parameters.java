package dev.kubeatlas.metrics;

import dev.kubeatlas.support.problem.Problem;
import dev.kubeatlas.support.problem.ProblemException;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Query parameters and fields that are more than their type, checked at the edge before anything is read: numbers in
 * a range, times a sample can have, one of a set, a Service and its port. Each failure is a 400 that names the
 * parameter and never quotes its value. Kubernetes names are checked by {@link dev.kubeatlas.support.names.KubeNames}.
 */
public final class Parameters {

    /** DNS-1035 label: Services. */
    static final Pattern SERVICE = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    /** IANA service name: a Service's named port (at most 15 characters, at least one letter). */
    static final Pattern PORT_NAME = Pattern.compile("(?=.*[a-z])[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?");
    /** Times before this or after {@link #LATEST} are no time a sample can have. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    public static boolean isService(String value) {
        return value != null && SERVICE.matcher(value).matches();
    }

    /** A port number from 1 to 65535, or a port name. */
    public static boolean isPort(String value) {
        if (value == null) {
            return false;
        }
        if (value.matches("[0-9]{1,5}")) {
            int port = Integer.parseInt(value);
            return port >= 1 && port <= 65535;
        }
        return PORT_NAME.matcher(value).matches();
    }

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
