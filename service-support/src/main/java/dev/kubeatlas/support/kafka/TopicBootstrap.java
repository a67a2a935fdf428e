package dev.kubeatlas.support.kafka;

import dev.kubeatlas.events.Topics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the platform's topics and their dead-letter topics if they are missing, before consumers subscribe: a
 * consumer that subscribes to a topic that does not exist yet only notices it at its next metadata refresh.
 * Off where topics are managed elsewhere ({@code kubeatlas.kafka.create-topics=false}).
 */
@ApplicationScoped
public class TopicBootstrap {

    private final String bootstrapServers;
    private final boolean enabled;
    private final int partitions;
    private final short replicationFactor;

    public TopicBootstrap(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                          @ConfigProperty(name = "kubeatlas.kafka.create-topics", defaultValue = "true") boolean enabled,
                          @ConfigProperty(name = "kubeatlas.kafka.partitions", defaultValue = "3") int partitions,
                          @ConfigProperty(name = "kubeatlas.kafka.replication-factor", defaultValue = "1") short replicationFactor) {
        this.bootstrapServers = bootstrapServers;
        this.enabled = enabled;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            topics.add(new NewTopic(topic, partitions, replicationFactor));
            topics.add(new NewTopic(Topics.deadLetter(topic), 1, replicationFactor));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var result = admin.createTopics(topics);
            for (var entry : result.values().entrySet()) {
                try {
                    entry.getValue().get(15, TimeUnit.SECONDS);
                    Log.infof("Created topic %s", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            Log.warnf("Could not ensure Kafka topics exist (%s); consumers pick them up once they appear",
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
