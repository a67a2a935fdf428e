package dev.kubeatlas.history;

import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.resource.v1.ResourceChanged;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Versions from {@code kubeatlas.resource.changes}, a poll's batch at a time. A record that is not a valid event
 * goes to {@code kubeatlas.resource.changes.dlq} and the others go on; a batch that cannot be stored (the database
 * away) is retried until it can, so nothing is lost and offsets move only past what is stored.
 */
@ApplicationScoped
public class ChangeConsumer {

    private final History history;
    private final MutinyEmitter<String> deadLetters;

    public ChangeConsumer(History history, @Channel("resource-changes-dlq") MutinyEmitter<String> deadLetters) {
        this.history = history;
        this.deadLetters = deadLetters;
    }

    @Incoming("resource-changes")
    public Uni<Void> consume(List<String> payloads) {
        List<CloudEvent<ResourceChanged>> events = new ArrayList<>(payloads.size());
        List<String> invalid = new ArrayList<>();
        for (String payload : payloads) {
            CloudEvent<ResourceChanged> event = decode(payload);
            if (event == null) {
                invalid.add(payload);
            } else {
                events.add(event);
            }
        }
        Uni<Void> dead = Uni.createFrom().voidItem();
        for (String payload : invalid) {
            dead = dead.chain(() -> deadLetters.send(payload));
        }
        return dead.chain(() -> history.record(events))
                .onFailure().invoke(e -> Log.warnf("Storing %d changes failed, retrying: %s", events.size(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .replaceWithVoid();
    }

    static CloudEvent<ResourceChanged> decode(String payload) {
        try {
            CloudEvent<ResourceChanged> event = EventCodec.decode(payload, EventTypes.RESOURCE_CHANGED);
            ResourceChanged change = event.data();
            if (event.id() == null || change == null || change.cluster() == null || change.resource() == null
                    || change.name() == null) {
                return null;
            }
            return event;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
