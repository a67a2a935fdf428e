package dev.kubeatlas.support.consumer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumer-side deduplication by CloudEvent id. Call {@link #firstDelivery} in the same transaction as the effect of
 * the event: the effect and the record that the event was handled commit together, so a redelivered event is seen
 * as a duplicate exactly when its effect is already there.
 */
@ApplicationScoped
public class ProcessedEvents {

    public Uni<Boolean> firstDelivery(String consumer, String eventId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "insert into processed_event (consumer, event_id, processed_at) values (:consumer, :id, now()) "
                                + "on conflict do nothing")
                .setParameter("consumer", consumer)
                .setParameter("id", eventId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
