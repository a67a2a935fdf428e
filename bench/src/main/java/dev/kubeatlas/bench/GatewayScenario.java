package dev.kubeatlas.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gateway overhead: {@code GET /api/v1/clusters} from cluster-service directly and through the gateway, with the same
 * load generator in one run (2 threads x 16 connections, each path warmed up first), the gateway's per-user rate
 * limit lifted for the measurement; then each service's start time (restarted alone) and idle RSS.
 */
final class GatewayScenario {

    static final String PATH = "/api/v1/clusters";

    record Options(int seconds) {

        static Options parse(List<String> args, Map<String, String> env) {
            Args.atMost(args, 0, "gateway");
            String seconds = env.getOrDefault("KUBEATLAS_BENCH_SECONDS", "10");
            return new Options(Args.positive(seconds, "KUBEATLAS_BENCH_SECONDS"));
        }
    }

    record StartFigure(String service, String startSeconds, double rssMb) {
    }

    private final Stack stack;
    private final Api api;

    GatewayScenario(Stack stack, Api api) {
        this.stack = stack;
        this.api = api;
    }

    void run(Options options) {
        stack.requireRunning();
        Out.say("Restarting the gateway without its per-user rate limit for the measurement");
        stack.restart("gateway", Map.of("KUBEATLAS_RATE_LIMIT_RPS", "1000000", "KUBEATLAS_RATE_LIMIT_BURST", "1000000"));
        try {
            overhead(options);
        } catch (RuntimeException e) {
            Out.say("Restarting the gateway with its usual rate limit");
            stack.restart("gateway");
            throw e;
        }
        startTimes(); // restarts the gateway too, with its usual rate limit
    }

    private void overhead(Options options) {
        URI direct = URI.create("http://127.0.0.1:" + stack.port("cluster-service") + PATH);
        URI gateway = URI.create(stack.gateway(PATH));
        Api.Response probe = api.get(direct.toString(), api.token("viewer"));
        if (!probe.ok()) {
            throw new BenchFailure("GET " + direct + " answered " + probe.status());
        }
        LoadGenerator.Shape shape = new LoadGenerator.Shape(2, 16, Duration.ofSeconds(options.seconds()));
        Out.say("Gateway overhead: GET " + PATH + " (" + probe.body().length + " B), " + shape.describe());
        try (LoadGenerator load = new LoadGenerator(shape)) {
            Map<String, String> auth = Map.of("Authorization", "Bearer " + api.token("viewer"));
            load.run(direct, auth); // warm-up, not measured
            load.run(gateway, auth);
            auth = Map.of("Authorization", "Bearer " + api.token("viewer"));
            LoadGenerator.Result d = load.run(direct, auth);
            LoadGenerator.Result g = load.run(gateway, auth);
            overheadLines(d, g).forEach(Out::line);
        }
    }

    static List<String> overheadLines(LoadGenerator.Result direct, LoadGenerator.Result gateway) {
        for (LoadGenerator.Result r : List.of(direct, gateway)) {
            if (r.latencyMs().count() == 0) {
                throw new BenchFailure("No request succeeded (" + r.errors() + " errors)");
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(Out.f("%-28s %10s %10s %12s", "", "p50 ms", "p99 ms", "req/s"));
        lines.add(row("cluster-service direct", direct));
        lines.add(row("through gateway", gateway));
        lines.add(Out.f("gateway adds: p50 %+.3f ms (target < 1), p99 %+.3f ms (target < 3)",
                gateway.latencyMs().percentile(50) - direct.latencyMs().percentile(50),
                gateway.latencyMs().percentile(99) - direct.latencyMs().percentile(99)));
        if (direct.errors() + gateway.errors() > 0) {
            lines.add(Out.f("errors (non-2xx or failed requests): direct %d, through gateway %d", direct.errors(),
                    gateway.errors()));
        }
        return lines;
    }

    static String row(String name, LoadGenerator.Result r) {
        return Out.f("%-28s %10.3f %10.3f %12.2f", name, r.latencyMs().percentile(50), r.latencyMs().percentile(99),
                r.requestsPerSecond());
    }

    private void startTimes() {
        Out.say("Service start time (each restarted alone) and idle RSS (10 s after ready)");
        Out.line(startHeader());
        for (Stack.Service s : stack.services) {
            stack.restart(s.name());
            JvmProbe.sleep(10_000); // ready can come before the start line is logged
            String log;
            try {
                log = Files.readString(stack.log(s.name()));
            } catch (IOException e) {
                throw new BenchFailure("Cannot read the log of " + s.name(), e);
            }
            String started = JvmProbe.startSeconds(log).stream().mapToObj(v -> Out.f("%.3f", v)).findFirst().orElse("?");
            Out.line(startLine(new StartFigure(s.name(), started, JvmProbe.rssMb(stack.requirePid(s.name())))));
        }
    }

    static String startHeader() {
        return Out.f("%-22s %12s %10s", "SERVICE", "start s", "RSS MB");
    }

    static String startLine(StartFigure f) {
        return Out.f("%-22s %12s %10.0f", f.service(), f.startSeconds(), f.rssMb());
    }
}
