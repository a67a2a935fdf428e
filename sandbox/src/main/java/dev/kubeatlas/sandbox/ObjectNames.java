package dev.kubeatlas.sandbox;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The API server's rules for {@code metadata.name}, with its messages: most kinds take a DNS-1123 subdomain,
 * namespaces a DNS-1123 label, services a DNS-1035 label, RBAC objects anything usable as a path segment
 * ({@code system:controller:x}), CronJobs at most 52 characters (their Jobs get a suffix).
 */
final class ObjectNames {

    enum Rule { DNS1123_SUBDOMAIN, DNS1123_LABEL, DNS1035_LABEL, PATH_SEGMENT }

    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN = LABEL + "(\\." + LABEL + ")*";
    private static final String DNS1035 = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final int LABEL_MAX = 63;
    private static final int SUBDOMAIN_MAX = 253;
    private static final int CRON_JOB_MAX = 52;

    private static final String GENERATED_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int GENERATED_BASE_MAX = 58;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ObjectNames() {
    }

    static Rule ruleFor(String group, String plural) {
        if (group.equals("rbac.authorization.k8s.io")) {
            return Rule.PATH_SEGMENT;
        }
        if (group.isEmpty() && plural.equals("namespaces")) {
            return Rule.DNS1123_LABEL;
        }
        if (group.isEmpty() && plural.equals("services")) {
            return Rule.DNS1035_LABEL;
        }
        return Rule.DNS1123_SUBDOMAIN;
    }

    /** What is wrong with {@code name} for objects of this resource, in the API server's words; empty when valid. */
    static List<String> problems(String group, String plural, String name) {
        List<String> problems = new ArrayList<>(problems(ruleFor(group, plural), name));
        if (group.equals("batch") && plural.equals("cronjobs") && name.length() > CRON_JOB_MAX) {
            problems.add("must be no more than " + CRON_JOB_MAX + " characters");
        }
        return problems;
    }

    static List<String> problems(Rule rule, String name) {
        List<String> problems = new ArrayList<>();
        switch (rule) {
            case DNS1123_SUBDOMAIN -> {
                if (name.length() > SUBDOMAIN_MAX) {
                    problems.add("must be no more than " + SUBDOMAIN_MAX + " characters");
                }
                if (!name.matches(SUBDOMAIN)) {
                    problems.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                            + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
                            + "regex used for validation is '" + SUBDOMAIN + "')");
                }
            }
            case DNS1123_LABEL -> {
                if (name.length() > LABEL_MAX) {
                    problems.add("must be no more than " + LABEL_MAX + " characters");
                }
                if (!name.matches(LABEL)) {
                    problems.add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                            + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
                            + "regex used for validation is '" + LABEL + "')");
                }
            }
            case DNS1035_LABEL -> {
                if (name.length() > LABEL_MAX) {
                    problems.add("must be no more than " + LABEL_MAX + " characters");
                }
                if (!name.matches(DNS1035)) {
                    problems.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
                            + "with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  "
                            + "or 'abc-123', regex used for validation is '" + DNS1035 + "')");
                }
            }
            case PATH_SEGMENT -> {
                if (name.equals(".") || name.equals("..")) {
                    problems.add("may not be '" + name + "'");
                }
                for (String forbidden : List.of("/", "%")) {
                    if (name.contains(forbidden)) {
                        problems.add("may not contain '" + forbidden + "'");
                    }
                }
            }
        }
        return problems;
    }

    /** A name from {@code generateName} as the API server makes it: the prefix (at most 58 characters) and 5 random ones. */
    static String generate(String prefix) {
        StringBuilder name = new StringBuilder(prefix.length() > GENERATED_BASE_MAX ? prefix.substring(0, GENERATED_BASE_MAX) : prefix);
        for (int i = 0; i < 5; i++) {
            name.append(GENERATED_ALPHABET.charAt(RANDOM.nextInt(GENERATED_ALPHABET.length())));
        }
        return name.toString();
    }
}
