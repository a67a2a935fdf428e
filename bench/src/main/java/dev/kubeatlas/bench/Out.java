package dev.kubeatlas.bench;

import java.util.Locale;

/** What a benchmark prints: figures on standard output, progress ({@code ==> ...}) on standard error, as the launcher. */
final class Out {

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static void line(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static void say(String message) {
        System.err.println("\033[1m==>\033[0m " + message);
        System.err.flush();
    }

    private Out() {
    }
}
