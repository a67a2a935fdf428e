package dev.kubeatlas.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The running local stack as the launcher describes it to the benchmarks ({@code ./kubeatlas bench} sets the
 * environment read here), and the launcher's process control: the benchmarks start, stop, restart and kill
 * processes only through {@code ./kubeatlas}.
 */
final class Stack {

    record Service(String name, int port) {
    }

    final Path state;
    final String launcher;
    final int gatewayPort;
    final int keycloakPort;
    final int kafkaPort;
    final List<Service> services;
    final String dbHost;
    final int dbPort;
    final String dbName;
    final String dbUser;
    final String dbPassword;

    Stack(Map<String, String> env) {
        state = Path.of(required(env, "KUBEATLAS_STATE"));
        launcher = required(env, "KUBEATLAS_LAUNCHER");
        gatewayPort = Integer.parseInt(env.getOrDefault("KUBEATLAS_GATEWAY_PORT", "8080"));
        keycloakPort = Integer.parseInt(env.getOrDefault("KUBEATLAS_KEYCLOAK_PORT", "8180"));
        kafkaPort = Integer.parseInt(env.getOrDefault("KUBEATLAS_KAFKA_PORT", "9092"));
        services = services(required(env, "KUBEATLAS_SERVICES"));
        dbHost = env.getOrDefault("KUBEATLAS_DB_HOST", "127.0.0.1");
        dbPort = Integer.parseInt(env.getOrDefault("KUBEATLAS_DB_PORT", "5432"));
        dbName = required(env, "KUBEATLAS_DB_NAME");
        dbUser = env.getOrDefault("KUBEATLAS_DB_USER", "postgres");
        dbPassword = env.getOrDefault("KUBEATLAS_DB_PASSWORD", "");
    }

    /** "cluster-service:8081 workload-service:8082 ..." as the launcher lists its services. */
    static List<Service> services(String list) {
        List<Service> services = new ArrayList<>();
        for (String s : list.trim().split("\\s+")) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("not service:port: " + s);
            }
            services.add(new Service(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))));
        }
        return List.copyOf(services);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new BenchFailure(name + " is not set; run the benchmarks with ./kubeatlas bench");
        }
        return value;
    }

    String gateway(String pathAndQuery) {
        return "http://127.0.0.1:" + gatewayPort + pathAndQuery;
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + dbName;
    }

    Connection database() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), dbUser, dbPassword);
    }

    Path log(String name) {
        return state.resolve("logs").resolve(name + ".log");
    }

    Path file(String name) {
        return state.resolve(name);
    }

    /** The process id the launcher recorded for {@code name}, when that process is alive. */
    Optional<Long> pid(String name) {
        try {
            long pid = Long.parseLong(Files.readString(state.resolve("run").resolve(name + ".pid")).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    long requirePid(String name) {
        return pid(name).orElseThrow(() -> new BenchFailure(name + " is not running"));
    }

    int port(String service) {
        return services.stream().filter(s -> s.name().equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + service)).port();
    }

    /** The gateway answers ready, and each of {@code processes} runs. */
    void requireRunning(String... processes) {
        if (!ready(gatewayPort)) {
            throw new BenchFailure("The platform is not running; start it with ./kubeatlas up");
        }
        for (String p : processes) {
            if (pid(p).isEmpty()) {
                throw new BenchFailure(p + " is not running; start the platform with ./kubeatlas up");
            }
        }
    }

    static boolean ready(int port) {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // --- process control, all through the launcher -----------------------------------------------------------

    /** Stops the service and starts it again with the launcher's settings plus {@code env}; waits until it is ready. */
    void restart(String service, Map<String, String> env) {
        launcher(env, "restart", service);
    }

    void restart(String service) {
        restart(service, Map.of());
    }

    /** Starts a service (waiting until ready) or Kafka. */
    void start(String name) {
        launcher(Map.of(), "start", name);
    }

    /** Stops a process the launcher started (a service, Kafka, a benchmark cluster); nothing when it does not run. */
    void stop(String name) {
        launcher(Map.of(), "stop", name);
    }

    /** Kills a service with SIGKILL. */
    void kill(String service) {
        launcher(Map.of(), "kill", service);
    }

    /** A mock API server (the sandbox) as {@code name} on {@code port}, started and waited for by the launcher. */
    void startSandbox(String name, int port, String heap, int timeoutSeconds, String... sandboxArgs) {
        List<String> args = new ArrayList<>(List.of("start-sandbox", name, String.valueOf(port), heap));
        args.addAll(List.of(sandboxArgs));
        launcher(Map.of("KUBEATLAS_SANDBOX_TIMEOUT", String.valueOf(timeoutSeconds)), args.toArray(String[]::new));
    }

    void launcher(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().putAll(env);
        try {
            int rc = pb.start().waitFor();
            if (rc != 0) {
                throw new BenchFailure("./kubeatlas " + String.join(" ", args) + " failed (exit " + rc + ")");
            }
        } catch (IOException e) {
            throw new BenchFailure("Could not run " + launcher, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("Interrupted while running ./kubeatlas " + String.join(" ", args), e);
        }
    }
}
