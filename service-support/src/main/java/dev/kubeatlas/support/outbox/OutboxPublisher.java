package dev.kubeatlas.support.outbox;

import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * Publishes events through the transactional outbox: {@link #publish} must run inside the transaction that makes the
 * state change, so the event exists if and only if the change was committed. {@link OutboxRelay} sends it.
 */
@ApplicationScoped
public class OutboxPublisher {

    /**
     * @param key Kafka record key, the aggregate identity, so that one object's events stay ordered
     */
    public <T> Uni<CloudEvent<T>> publish(EventType<T> type, String key, CloudEvent<T> event) {
        if (!type.type().equals(event.type())) {
            throw new IllegalArgumentException("Event of type " + event.type() + " published as " + type.type());
        }
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.fromString(event.id());
        row.topic = type.topic();
        row.key = key;
        row.type = event.type();
        row.payload = EventCodec.encode(event);
        row.createdAt = Instant.now();
        return row.persist().replaceWith(event);
    }
}
