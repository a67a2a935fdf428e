package dev.kubeatlas.bench;

import java.util.List;
import java.util.Map;

/** The command line of {@code ./kubeatlas bench}: which scenario, and its positional arguments. */
final class Args {

    static final String USAGE = """
            usage: ./kubeatlas bench [SCENARIO] [ARGS]
              gateway                      gateway overhead beside the direct path, service start time, idle RSS (default)
              workload [clusters] [pods]   search, cached lists and informer heap at scale (default 10 10000)
              history [rate] [seconds]     history ingest rate and latency, storage per version, diff time (default 1200 30)
              metrics [nodes] [pods]       one metrics collection of a large cluster in a 256 MiB heap (default 1000 30000)
              fault-history                yaml-history-service killed mid-burst; Kafka away for a minute
            KUBEATLAS_BENCH_SECONDS sets the duration of each gateway load run (default 10).""";

    /** The old launcher commands, still accepted as scenario names. */
    static final Map<String, String> ALIASES = Map.of("bench-workload", "workload", "bench-history", "history",
            "bench-metrics", "metrics", "bench-gateway", "gateway");

    static final List<String> SCENARIOS = List.of("gateway", "workload", "history", "metrics", "fault-history");

    record Invocation(String scenario, List<String> args) {
    }

    static Invocation parse(String... argv) {
        if (argv.length == 0) {
            return new Invocation("gateway", List.of());
        }
        String name = ALIASES.getOrDefault(argv[0], argv[0]);
        if (!SCENARIOS.contains(name)) {
            throw new UsageException("no benchmark '" + argv[0] + "'; there are " + String.join(", ", SCENARIOS));
        }
        return new Invocation(name, List.of(argv).subList(1, argv.length));
    }

    /** The positive whole number at {@code index}, or {@code fallback} when there are fewer arguments. */
    static int count(List<String> args, int index, int fallback, String what) {
        if (args.size() <= index) {
            return fallback;
        }
        return positive(args.get(index), what);
    }

    static int positive(String value, String what) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(what + " must be a positive whole number, not '" + value + "'");
    }

    static void atMost(List<String> args, int n, String scenario) {
        if (args.size() > n) {
            throw new UsageException(scenario + " takes " + (n == 0 ? "no arguments" : "at most " + n + " arguments")
                    + ", not " + String.join(" ", args));
        }
    }

    private Args() {
    }
}
