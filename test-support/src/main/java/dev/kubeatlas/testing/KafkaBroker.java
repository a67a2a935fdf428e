package dev.kubeatlas.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The real Kafka broker of the test run, at {@code 127.0.0.1:19092} or the address {@code KUBEATLAS_TEST_KAFKA}
 * names. When a broker answers there (the one {@code ./kubeatlas test} starts first, or any other), it is used and
 * never stopped. When nothing listens there, the first test that needs one starts a throw-away broker on that port
 * with the launcher ({@code ./kubeatlas test-broker PORT --owner PID}, KRaft from the Maven Central jars, found by
 * walking up from the working directory) and it stops when this JVM ends. So {@code mvn -pl X -am verify} runs
 * alone. Also reads and writes topics for assertions.
 */
public class KafkaBroker implements QuarkusTestResourceLifecycleManager {

    private static final String DEFAULT_BOOTSTRAP = "127.0.0.1:19092";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    private static boolean startedHere;

    public static String bootstrapServers() {
        String configured = System.getenv("KUBEATLAS_TEST_KAFKA");
        return configured == null || configured.isBlank() ? DEFAULT_BOOTSTRAP : configured.trim();
    }

    @Override
    public Map<String, String> start() {
        String bootstrap = bootstrapServers();
        ensureBroker(bootstrap);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000)).clusterId().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("No Kafka broker answers at " + bootstrap
                    + " although something listens there. Stop what holds that port, or point KUBEATLAS_TEST_KAFKA"
                    + " at a broker.", e);
        }
        return Map.of("kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        // a broker found running belongs to whoever started it; one started here stops when this JVM ends
    }

    /** Starts a broker on {@code bootstrap} (loopback only) when nothing listens there yet. */
    static synchronized void ensureBroker(String bootstrap) {
        HostPort address = HostPort.parse(bootstrap);
        if (startedHere || address.listening()) {
            return;
        }
        if (!address.loopback()) {
            throw new IllegalStateException("No Kafka broker listens at " + bootstrap
                    + " (KUBEATLAS_TEST_KAFKA); a test broker is started only on 127.0.0.1");
        }
        Path root = launcherRoot(Path.of("").toAbsolutePath())
                .orElseThrow(() -> new IllegalStateException("No Kafka broker listens at " + bootstrap
                        + ", and the launcher ./kubeatlas that starts one was not found above "
                        + Path.of("").toAbsolutePath() + ". Start one, or point KUBEATLAS_TEST_KAFKA at a broker."));
        String launcher = root.resolve("kubeatlas").toString();
        String port = String.valueOf(address.port());
        Path log = Path.of("target", "kafka-test-broker.log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(launcher, "test-broker", port,
                    "--owner", String.valueOf(ProcessHandle.current().pid()))
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("The test broker did not start in " + START_TIMEOUT + "; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("The test broker did not start on " + bootstrap + ": "
                        + Files.readString(log).strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + launcher + " test-broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the test broker started", e);
        }
        startedHere = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopBroker(root, launcher, port), "stop-test-broker"));
    }

    private static void stopBroker(Path root, String launcher, String port) {
        try {
            Process process = new ProcessBuilder(launcher, "stop-test-broker", port).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the launcher's watcher stops it once this JVM is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The nearest directory at or above {@code from} that holds the launcher and its local stack. */
    static Optional<Path> launcherRoot(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("kubeatlas")) && Files.isRegularFile(dir.resolve("deploy/local/pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    record HostPort(String host, int port) {

        static HostPort parse(String bootstrap) {
            String first = bootstrap.split(",")[0].trim();
            int colon = first.lastIndexOf(':');
            if (colon <= 0 || colon == first.length() - 1) {
                throw new IllegalArgumentException("KUBEATLAS_TEST_KAFKA must be host:port, not '" + bootstrap + "'");
            }
            try {
                return new HostPort(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("KUBEATLAS_TEST_KAFKA must be host:port, not '" + bootstrap + "'", e);
            }
        }

        boolean loopback() {
            return host.equals("127.0.0.1") || host.equals("localhost");
        }

        boolean listening() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 2_000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** Sends an event as the services' outbox does: structured-mode CloudEvent with its content-type header. */
    public static void sendEvent(String topic, String key, CloudEvent<?> event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, EventCodec.encode(event));
        record.headers().add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        send(record);
    }

    public static void send(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    private static void send(ProducerRecord<String, String> record) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(record).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send to " + record.topic(), e);
        }
    }

    /**
     * Reads {@code topic} from the beginning until a record matches or the timeout passes.
     *
     * @return the matching records seen by then, possibly none
     */
    public static List<ConsumerRecord<String, String>> read(String topic, Predicate<ConsumerRecord<String, String>> match,
                                                            Duration timeout) {
        return read(bootstrapServers(), topic, match, timeout);
    }

    /** {@link #read(String, Predicate, Duration)} from the broker at {@code bootstrap}. */
    public static List<ConsumerRecord<String, String>> read(String bootstrap, String topic,
                                                            Predicate<ConsumerRecord<String, String>> match,
                                                            Duration timeout) {
        return read(bootstrap, topic, match, 1, timeout);
    }

    /** Reads {@code topic} from the beginning until {@code count} records match or the timeout passes. */
    public static List<ConsumerRecord<String, String>> read(String topic, Predicate<ConsumerRecord<String, String>> match,
                                                            int count, Duration timeout) {
        return read(bootstrapServers(), topic, match, count, timeout);
    }

    private static List<ConsumerRecord<String, String>> read(String bootstrap, String topic,
                                                             Predicate<ConsumerRecord<String, String>> match,
                                                             int count, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        Consumer<ConsumerRecord<String, String>> collect = r -> {
            if (match.test(r)) {
                found.add(r);
            }
        };
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (found.size() < count && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(250)).forEach(collect);
            }
            // collect what else is already there, so callers can assert there is exactly one
            consumer.poll(Duration.ofMillis(500)).forEach(collect);
        }
        return found;
    }
}
