package dev.kubeatlas.support.outbox;

import dev.kubeatlas.events.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends outbox rows to Kafka in creation order and deletes them once the broker acknowledged them. A row whose send
 * fails stays and is retried on the next run, so delivery is at least once; consumers deduplicate by event id.
 * Several instances may run: rows are claimed with {@code FOR UPDATE SKIP LOCKED}.
 */
@ApplicationScoped
public class OutboxRelay {

    static final int BATCH = 200;

    private final MutinyEmitter<String> emitter;

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    @Scheduled(every = "${kubeatlas.outbox.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return relay().onFailure().invoke(e -> Log.warnf("Outbox relay failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Relays one batch; the number of events sent. */
    public Uni<Integer> relay() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("select * from outbox_event order by created_at limit " + BATCH
                        + " for update skip locked", OutboxEvent.class)
                .getResultList())
                .flatMap(this::sendAndDelete));
    }

    private Uni<Integer> sendAndDelete(List<OutboxEvent> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(row -> emitter.sendMessage(toMessage(row)).replaceWith(row))
                .onItem().transformToUniAndConcatenate(row -> row.delete())
                .collect().asList()
                .invoke(() -> Log.debugf("Relayed %d events from the outbox", rows.size()))
                .map(List::size);
    }

    private static Message<String> toMessage(OutboxEvent row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", row.type.getBytes(StandardCharsets.UTF_8));
        return Message.of(row.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic).withKey(row.key).withHeaders(headers).build());
    }
}
