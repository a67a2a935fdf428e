package dev.kubeatlas.support.consumer;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the service's {@link ClusterDirectory} from {@code kubeatlas.cluster.lifecycle}. Enabled in services that set
 * {@code kubeatlas.consumes.cluster-lifecycle=true}; a record that is not a valid event goes to the topic's
 * {@code .dlq} and consumption goes on.
 */
@ApplicationScoped
@IfBuildProperty(name = "kubeatlas.consumes.cluster-lifecycle", stringValue = "true")
public class ClusterEventConsumer {

    private final ClusterDirectory directory;
    private final String consumer;

    public ClusterEventConsumer(ClusterDirectory directory, @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.directory = directory;
        this.consumer = consumer;
    }

    @Incoming("cluster-lifecycle")
    public Uni<Void> consume(String payload) {
        return directory.consume(consumer, payload);
    }
}
