package dev.kubeatlas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * workload-service at scale: a mock API server with {@code pods} pods registered under {@code clusters} names,
 * workload-service restarted with {@code -Xmx2g}; search latency through the gateway, cached list latency per
 * 1,000-pod page against a direct LIST of the same mock server, informer heap per cached pod. Cleans up after itself.
 */
final class WorkloadScenario {

    static final int SANDBOX_PORT = 16443;
    static final String SANDBOX = "bench-sandbox";
    static final int QUERIES = 200;
    private static final Pattern BENCH_CLUSTER = Pattern.compile("bench-\\d+");

    record Options(int clusters, int pods) {

        static Options parse(List<String> args) {
            Args.atMost(args, 2, "workload");
            return new Options(Args.count(args, 0, 10, "clusters"), Args.count(args, 1, 10_000, "pods"));
        }
    }

    record Figures(int clusters, int pods, Stats search, Stats pages, Stats direct, double heapBeforeMb,
                   double heapAfterMb) {

        List<String> lines() {
            long cached = (long) clusters * pods;
            return List.of(
                    Out.f("Search over %d clusters x %d pods (plus their other cached kinds), %d queries through the gateway:",
                            clusters, pods, search.count()),
                    Out.f("  p50 %.1f ms   p95 %.1f ms   (target p95 < 100 ms)", search.percentile(50), search.percentile(95)),
                    Out.f("Listing %d pods of one cluster through the gateway from the informer cache, 1,000 per page, %d pages:",
                            pods, pages.count()),
                    Out.f("  p50 %.1f ms   p99 %.1f ms per page   (target p99 < 300 ms)", pages.percentile(50),
                            pages.percentile(99)),
                    Out.f("Direct LIST of all %d pods from the same mock API server (no gateway, no auth, one response):", pods),
                    Out.f("  p50 %.1f ms   max %.1f ms", direct.percentile(50), direct.max()),
                    Out.f("Informer heap: %.1f MB before, %.1f MB after caching %d pods: %.2f KB per cached pod (target <= 10 KB)",
                            heapBeforeMb, heapAfterMb, cached, (heapAfterMb - heapBeforeMb) * 1024 / cached));
        }
    }

    private final Stack stack;
    private final Api api;

    WorkloadScenario(Stack stack, Api api) {
        this.stack = stack;
        this.api = api;
    }

    void run(Options o) {
        stack.requireRunning("workload-service");
        JvmProbe.requireJcmd();
        deleteClusters(o.clusters()); // leftovers of an interrupted run
        stack.stop(SANDBOX);
        Path kubeconfig = stack.file("bench.kubeconfig");
        Out.say("Benchmark cluster: " + o.pods() + " pods (creating them takes about a minute)");
        stack.startSandbox(SANDBOX, SANDBOX_PORT, "1g", 600, "--no-seed", "--pods", String.valueOf(o.pods()),
                "--kubeconfig", kubeconfig.toString());
        try {
            Out.say("Restarting workload-service with room for " + o.clusters() + " x " + o.pods() + " cached pods (-Xmx2g)");
            stack.restart("workload-service", Map.of("KUBEATLAS_SERVICE_JVM_OPTS", "-Xms64m -Xmx2g -XX:+UseSerialGC"));
            measure(o, kubeconfig).lines().forEach(Out::line);
        } finally {
            Out.say("Cleaning up: removing the benchmark clusters, restarting workload-service as before");
            deleteClusters(o.clusters());
            stack.stop(SANDBOX);
            stack.restart("workload-service");
        }
    }

    private Figures measure(Options o, Path kubeconfig) {
        long pid = stack.requirePid("workload-service");
        JvmProbe.sleep(5000);
        double before = JvmProbe.heapUsedMb(pid);
        String config;
        try {
            config = Files.readString(kubeconfig);
        } catch (IOException e) {
            throw new BenchFailure("No kubeconfig of the benchmark cluster at " + kubeconfig, e);
        }
        for (int i = 1; i <= o.clusters(); i++) {
            register("bench-" + i, config);
        }
        Out.say("Waiting for " + o.clusters() + " informer caches to fill");
        awaitCaches(o);
        double after = JvmProbe.heapUsedMb(pid);

        String token = api.token("viewer");
        for (int i = 0; i < 20; i++) {
            api.get(stack.gateway("/api/v1/search?q=svc-" + i), token);
        }
        Random random = new Random(20261101);
        List<Double> search = new ArrayList<>();
        for (int i = 0; i < QUERIES; i++) {
            Api.Response r = api.get(stack.gateway("/api/v1/search?q=" + Api.encode(query(i, random, o.pods())) + "&limit=50"),
                    api.token("viewer"));
            requireOk(r, "search");
            search.add(r.millis());
        }
        int pages = (o.pods() + 999) / 1000;
        List<Double> pageTimes = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            String cont = null;
            for (int page = 0; page < pages; page++) {
                String url = stack.gateway("/api/v1/clusters/bench-1/resources/pods?namespace=bench&limit=1000")
                        + (cont == null ? "" : "&continue=" + Api.encode(cont));
                Api.Response r = api.get(url, api.token("viewer"));
                requireOk(r, "list");
                pageTimes.add(r.millis());
                cont = r.json().path("continue").asText(null);
                if (cont == null || cont.isEmpty()) {
                    break;
                }
            }
        }
        List<Double> direct = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            Api.Response r = api.get("http://127.0.0.1:" + SANDBOX_PORT + "/api/v1/namespaces/bench/pods", null);
            requireOk(r, "direct LIST");
            direct.add(r.millis());
        }
        return new Figures(o.clusters(), o.pods(), Stats.of(search), Stats.of(pageTimes), Stats.of(direct), before, after);
    }

    /** A quarter each: a pod by name, a service, an image, a name prefix matching many. */
    static String query(int i, Random random, int pods) {
        return switch (i % 4) {
            case 0 -> Out.f("bench-pod-%05d", random.nextInt(pods));
            case 1 -> "svc-" + random.nextInt(200);
            case 2 -> "kubeatlas-bench/svc-" + random.nextInt(200) + ":1." + random.nextInt(10);
            default -> "pod-0" + random.nextInt(10);
        };
    }

    private void awaitCaches(Options o) {
        String last = Out.f("bench-pod-%05d", o.pods() - 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(900);
        long start = System.nanoTime();
        int hits = 0;
        while (System.nanoTime() < deadline) {
            Api.Response r = api.get(stack.gateway("/api/v1/search?q=" + last + "&kinds=pods&limit=100"), api.token("viewer"));
            hits = r.ok() ? benchClusters(r.json()).size() : 0;
            if (hits >= o.clusters()) {
                Out.say(o.clusters() + " informer caches filled after " + (System.nanoTime() - start) / 1_000_000_000 + " s");
                return;
            }
            JvmProbe.sleep(5000);
        }
        throw new BenchFailure("Only " + hits + " of " + o.clusters() + " clusters were cached in time");
    }

    /** The benchmark clusters ({@code bench-N}) a search answer names. */
    static Set<String> benchClusters(JsonNode answer) {
        Set<String> clusters = new HashSet<>();
        for (String c : answer.findValuesAsText("cluster")) {
            if (BENCH_CLUSTER.matcher(c).matches()) {
                clusters.add(c);
            }
        }
        return clusters;
    }

    private void register(String name, String kubeconfig) {
        ObjectNode body = Api.JSON.createObjectNode().put("name", name).put("kubeconfig", kubeconfig);
        body.putObject("tags").put("bench", "true");
        Api.Response r = api.send("POST", stack.gateway("/api/v1/clusters"), api.token("admin"), body.toString());
        switch (r.status()) {
            case 201 -> Out.say("Registered cluster '" + name + "'");
            case 409 -> Out.say("Cluster '" + name + "' is already registered");
            default -> throw new BenchFailure("Registering cluster '" + name + "' failed (HTTP " + r.status() + "): " + r.text());
        }
    }

    private void deleteClusters(int clusters) {
        String token = api.token("admin");
        for (int i = 1; i <= clusters; i++) {
            api.send("DELETE", stack.gateway("/api/v1/clusters/bench-" + i), token, null);
        }
    }

    private static void requireOk(Api.Response r, String what) {
        if (!r.ok()) {
            throw new BenchFailure(what + " answered HTTP " + r.status() + ": " + r.text());
        }
    }
}
