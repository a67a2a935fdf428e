package dev.kubeatlas.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * metrics-service: one collection of a cluster of {@code nodes} nodes and {@code pods} pods (a mock API server serving
 * them and their metrics in pages of 500), in a JVM limited to 256 MiB of heap, five times after a warm-up; then the
 * cycle's samples stored into the service's table.
 */
final class MetricsScenario {

    static final int SANDBOX_PORT = 6451;
    static final String SANDBOX = "bench-metrics-sandbox";

    record Options(int nodes, int pods) {

        static Options parse(List<String> args) {
            Args.atMost(args, 2, "metrics");
            return new Options(Args.count(args, 0, 1000, "nodes"), Args.count(args, 1, 30_000, "pods"));
        }
    }

    private final Stack stack;

    MetricsScenario(Stack stack) {
        this.stack = stack;
    }

    void run(Options o) {
        stack.requireRunning("metrics-service");
        stack.stop(SANDBOX);
        Path kubeconfig = stack.file("bench-metrics.kubeconfig");
        Out.say("Starting a mock API server answering with " + o.nodes() + " nodes, " + o.pods() + " pods and their metrics");
        stack.startSandbox(SANDBOX, SANDBOX_PORT, "3g", 1200, "--no-seed", "--scale-nodes", String.valueOf(o.nodes()),
                "--pods", String.valueOf(o.pods()), "--kubeconfig", kubeconfig.toString());
        try {
            collect(kubeconfig);
        } finally {
            stack.stop(SANDBOX);
        }
    }

    /** CollectionBench in a JVM of its own with -Xmx256m, as metrics-service's heap would be bounded. */
    static List<String> collectionCommand(String java, String classpath, Path kubeconfig, Stack stack, int runs) {
        return List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider", "-Dslf4j.internal.verbosity=WARN",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath, CollectionBench.class.getName(),
                kubeconfig.toString(), stack.dbHost, String.valueOf(stack.dbPort), stack.dbName, stack.dbUser,
                String.valueOf(runs));
    }

    private void collect(Path kubeconfig) {
        List<String> command = collectionCommand(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.class.path"), kubeconfig, stack, 5);
        try {
            int rc = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (rc != 0) {
                throw new BenchFailure("The collection benchmark failed (exit " + rc + ")");
            }
        } catch (IOException e) {
            throw new BenchFailure("Could not start the collection benchmark", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("Interrupted", e);
        }
    }
}
