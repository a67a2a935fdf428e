package dev.kubeatlas.history.events;

import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.resource.v1.ResourceChanged;
import dev.kubeatlas.history.service.VersionRecorder;
import dev.kubeatlas.support.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Versions from {@code kubeatlas.resource.changes}, a poll's batch at a time. A record that is not a valid event
 * ({@link ChangeCheck}) goes to {@code kubeatlas.resource.changes.dlq} with its reason in the header
 * {@value #REASON_HEADER}, and the others go on. A batch the database refuses for its data (SQLState class 22 or 23)
 * is split in halves until the refused records stand alone; those go to the dead-letter topic and every other record
 * is stored. A batch that cannot be stored for any other reason (the database away) is retried until it can, so
 * nothing is lost and offsets move only past what is stored. Both are counted on {@code /q/metrics}:
 * {@code kubeatlas_history_dead_letters_total} by reason and {@code kubeatlas_history_batch_failures_total}.
 */
@ApplicationScoped
public class ChangeConsumer {

    public static final String REASON_HEADER = "kubeatlas-dead-letter-reason";
    /** Far above what an API server stores for one object (etcd takes 1.5 MiB). */
    static final int MAX_PAYLOAD_CHARS = 4 * 1024 * 1024;

    /** A record of the batch and, when it is valid, its event. */
    record Received(String payload, CloudEvent<ResourceChanged> event, String problem) {
    }

    private final VersionRecorder history;
    private final MutinyEmitter<String> deadLetters;
    private final Counter invalid;
    private final Counter refused;
    private final Counter batchFailures;

    public ChangeConsumer(VersionRecorder history, @Channel("resource-changes-dlq") MutinyEmitter<String> deadLetters,
                          MeterRegistry registry) {
        this.history = history;
        this.deadLetters = deadLetters;
        this.invalid = Counter.builder("kubeatlas.history.dead.letters").tag("reason", "invalid")
                .description("Change records sent to the dead-letter topic").register(registry);
        this.refused = Counter.builder("kubeatlas.history.dead.letters").tag("reason", "refused-by-database")
                .description("Change records sent to the dead-letter topic").register(registry);
        this.batchFailures = Counter.builder("kubeatlas.history.batch.failures")
                .description("Attempts to store a batch of changes that failed and are retried").register(registry);
    }

    @Incoming("resource-changes")
    public Uni<Void> consume(List<String> payloads) {
        List<Received> valid = new ArrayList<>(payloads.size());
        Uni<Void> dead = Uni.createFrom().voidItem();
        for (String payload : payloads) {
            Received received = decode(payload);
            if (received.problem() == null) {
                valid.add(received);
            } else {
                dead = dead.chain(() -> deadLetter(received.payload(), received.problem(), invalid));
            }
        }
        return dead.chain(() -> store(valid)
                .onFailure().invoke(e -> {
                    batchFailures.increment();
                    Log.warnf("Storing %d changes failed, retrying: %s", valid.size(), e.toString());
                })
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely());
    }

    /** Stores the records, splitting a batch the database refuses for its data down to the refused records. */
    Uni<Void> store(List<Received> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return history.record(batch.stream().map(Received::event).toList()).replaceWithVoid()
                .onFailure(ChangeConsumer::refusedForItsData).recoverWithUni(e -> {
                    if (batch.size() == 1) {
                        return deadLetter(batch.get(0).payload(), refusal(e), refused);
                    }
                    int half = batch.size() / 2;
                    return store(batch.subList(0, half)).chain(() -> store(batch.subList(half, batch.size())));
                });
    }

    private Uni<Void> deadLetter(String payload, String reason, Counter counter) {
        Log.warnf("A change record goes to the dead-letter topic: %s", reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        return deadLetters.sendMessage(Message.of(payload)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers).build()))
                .invoke(() -> counter.increment());
    }

    /** The event of a record, or why it cannot be stored. */
    static Received decode(String payload) {
        if (payload == null || payload.length() > MAX_PAYLOAD_CHARS) {
            return new Received(payload, null, "the record is empty or longer than " + MAX_PAYLOAD_CHARS + " characters");
        }
        CloudEvent<ResourceChanged> event;
        try {
            event = EventCodec.decode(payload, EventTypes.RESOURCE_CHANGED);
        } catch (RuntimeException e) {
            return new Received(payload, null, "not a " + EventTypes.RESOURCE_CHANGED.type() + " event");
        }
        return new Received(payload, event, ChangeCheck.problem(event));
    }

    /**
     * The database refused the data itself (SQLState class 22, data exception, or 23, integrity constraint), or the
     * history refused the content: storing the same records again would fail again.
     */
    static boolean refusedForItsData(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"))) {
                return true;
            }
            if (e instanceof ProblemException) {
                return true;
            }
        }
        return false;
    }

    /** SQLState and where, never the database's message (it can quote the values). */
    private static String refusal(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof PgException pg) {
                StringBuilder reason = new StringBuilder("the database refused it: SQLState ").append(pg.getSqlState());
                if (pg.getColumn() != null) {
                    reason.append(", column ").append(pg.getColumn());
                }
                if (pg.getConstraint() != null) {
                    reason.append(", constraint ").append(pg.getConstraint());
                }
                return reason.toString();
            }
            if (e instanceof ProblemException p) {
                return "the history refused it: " + p.getMessage();
            }
        }
        return "the database refused it";
    }
}
