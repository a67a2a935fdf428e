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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The real Kafka broker of the test run. {@code ./kubeatlas test} starts it (KRaft, from the Maven Central jars) on
 * {@code 127.0.0.1:19092}, or {@code KUBEATLAS_TEST_KAFKA} names another; this resource checks that it answers and
 * points the service at it. Also reads and writes topics for assertions.
 */
public class KafkaBroker implements QuarkusTestResourceLifecycleManager {

    public static String bootstrapServers() {
        String configured = System.getenv("KUBEATLAS_TEST_KAFKA");
        return configured == null || configured.isBlank() ? "127.0.0.1:19092" : configured;
    }

    @Override
    public Map<String, String> start() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000)).clusterId().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("No Kafka broker answers at " + bootstrapServers()
                    + ". Run the tests with ./kubeatlas test (it starts one), or start one with ./kubeatlas test-broker.", e);
        }
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker belongs to the test command
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
