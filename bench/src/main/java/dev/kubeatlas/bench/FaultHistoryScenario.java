package dev.kubeatlas.bench;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The two faults of the change stream: yaml-history-service killed (SIGKILL) in the middle of a burst of 1,000
 * changes, then restarted: every version stored exactly once; and Kafka stopped for a minute while three changes are
 * made through KubeAtlas: all three become versions once it is back.
 */
final class FaultHistoryScenario {

    static final String HISTORY = "/api/v1/history/sandbox/deployments.apps/shop/cart";
    static final String SCALE = "/api/v1/clusters/sandbox/resources/deployments/cart/scale?namespace=shop";

    record Options() {

        static Options parse(List<String> args) {
            Args.atMost(args, 0, "fault-history");
            return new Options();
        }
    }

    private final Stack stack;
    private final Api api;

    FaultHistoryScenario(Stack stack, Api api) {
        this.stack = stack;
        this.api = api;
    }

    void run(Options o) throws Exception {
        stack.requireRunning("yaml-history-service", "kafka");
        boolean killed = killMidBurst();
        boolean kafka = kafkaAway();
        if (!killed || !kafka) {
            throw new BenchFailure("Fault test failed");
        }
        Out.say("Both faults passed");
    }

    private boolean killMidBurst() throws Exception {
        String cluster = "fault-" + Integer.toUnsignedString(ThreadLocalRandom.current().nextInt());
        Out.say("1. A burst of 1,000 changes (100 resources x 10 versions, 250/s); yaml-history-service killed in the middle");
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        try {
            Future<?> burst = publisher.submit(() -> {
                try (KafkaProducer<String, String> producer = HistoryBench.producer(stack.kafkaBootstrap())) {
                    HistoryBench.publish(producer, cluster, 1000, 100, 250);
                }
                return null;
            });
            for (int i = 0; i < 200 && HistoryBench.count(stack::database, cluster) < 200; i++) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            stack.kill("yaml-history-service");
            Out.say(Out.f("   killed yaml-history-service (SIGKILL) with %d of 1,000 versions stored",
                    HistoryBench.count(stack::database, cluster)));
            try {
                burst.get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new BenchFailure("The burst could not be published", e);
            }
        } finally {
            publisher.shutdownNow();
            if (stack.pid("yaml-history-service").isEmpty()) {
                Out.say("   restarting it");
                stack.start("yaml-history-service");
            }
        }
        return HistoryBench.verify(stack::database, cluster, 1000, 100, 120);
    }

    private boolean kafkaAway() throws Exception {
        Out.say("2. Kafka stopped for 60 s while three changes are made through KubeAtlas");
        int before = latestVersion().orElseThrow(() -> new BenchFailure("No history for shop/cart on the sandbox cluster"));
        stack.stop("kafka");
        try {
            for (int replicas = 4; replicas <= 6; replicas++) {
                Api.Response r = scale(replicas);
                if (!r.ok()) {
                    throw new BenchFailure("Scaling failed while Kafka was down (HTTP " + r.status() + "): " + r.text());
                }
                TimeUnit.SECONDS.sleep(5);
            }
            TimeUnit.SECONDS.sleep(45);
        } finally {
            Out.say("   starting Kafka again");
            stack.start("kafka");
        }
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && latestVersion().orElse(0) < before + 3) {
            TimeUnit.MILLISECONDS.sleep(500);
        }
        int after = latestVersion().orElse(0);
        if (after >= before + 3) {
            Out.say("the three versions in the history ready after " + (System.nanoTime() - start) / 1_000_000_000 + " s");
        }
        Out.line(kafkaLine(before, after));
        scale(2);
        return after == before + 3;
    }

    static String kafkaLine(int before, int after) {
        String verdict = after == before + 3 ? "all three changes kept"
                : after < before + 3 ? "LOST " + (before + 3 - after) : (after - before - 3) + " more versions than changes";
        return Out.f("  versions of shop/cart before %d, after %d: %s", before, after, verdict);
    }

    private OptionalInt latestVersion() {
        Api.Response r = api.get(stack.gateway(HISTORY), api.token("operator"));
        if (!r.ok() || !r.json().path("latestVersion").isNumber()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(r.json().path("latestVersion").asInt());
    }

    private Api.Response scale(int replicas) {
        return api.send("POST", stack.gateway(SCALE), api.token("operator"), "{\"replicas\":" + replicas + "}");
    }
}
