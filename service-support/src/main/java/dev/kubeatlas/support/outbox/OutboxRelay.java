package dev.kubeatlas.support.outbox;

import dev.kubeatlas.events.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends outbox rows to Kafka in creation order and deletes them once the broker acknowledged them, in three steps so
 * that no transaction, row lock or connection is held while the broker answers:
 * <ol>
 *   <li>claim a batch (a short transaction: {@code FOR UPDATE SKIP LOCKED}, then {@code claimed_until} set a lease
 *       ahead, so another instance's relay skips the rows);</li>
 *   <li>send them in order with no session open; the first send that fails stops the batch, so no later row
 *       overtakes it;</li>
 *   <li>delete what was acknowledged and release the claim of the rest (another short transaction).</li>
 * </ol>
 * A row whose send fails is sent again by a later run, so delivery is at least once; consumers deduplicate by event
 * id. An instance that dies with a claim leaves rows that the next relay takes once the lease has run out.
 * {@code /q/metrics} shows what was relayed, the failures and the age of the oldest row waiting, so a relay that
 * cannot send is visible.
 */
@ApplicationScoped
public class OutboxRelay {

    static final int BATCH = 200;

    private final MutinyEmitter<String> emitter;
    private final Duration lease;
    private final Counter relayed;
    private final Counter failures;
    private final AtomicLong oldestWaitingSeconds = new AtomicLong();
    private final AtomicLong lastSuccess = new AtomicLong();

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter, MeterRegistry registry,
                       @ConfigProperty(name = "kubeatlas.outbox.lease", defaultValue = "60s") Duration lease) {
        this.emitter = emitter;
        this.lease = lease;
        this.relayed = Counter.builder("kubeatlas.outbox.relayed").description("Events the outbox relay sent to Kafka")
                .register(registry);
        this.failures = Counter.builder("kubeatlas.outbox.failures")
                .description("Outbox relay runs that could not send or store their result").register(registry);
        Gauge.builder("kubeatlas.outbox.oldest.waiting", oldestWaitingSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest event the relay took at its last run (0 when none waited)").register(registry);
        Gauge.builder("kubeatlas.outbox.last.success", lastSuccess, AtomicLong::get).baseUnit("seconds")
                .description("When the relay last completed a run (epoch)").register(registry);
    }

    @Scheduled(every = "${kubeatlas.outbox.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return relay().onFailure().invoke(e -> {
                    failures.increment();
                    Log.warnf("Outbox relay failed, will retry: %s", e.getMessage());
                })
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Relays one batch; the number of events sent. */
    public Uni<Integer> relay() {
        return claim().chain(rows -> {
            Instant now = Instant.now();
            oldestWaitingSeconds.set(rows.isEmpty() ? 0 : Duration.between(rows.get(0).createdAt, now).toSeconds());
            if (rows.isEmpty()) {
                lastSuccess.set(now.getEpochSecond());
                return Uni.createFrom().item(0);
            }
            List<UUID> sent = new ArrayList<>();
            return send(rows, 0, sent)
                    .onItemOrFailure().transformToUni((ignored, failure) -> settle(rows, sent)
                            .chain(() -> failure == null ? Uni.createFrom().item(sent.size())
                                    : Uni.createFrom().<Integer>failure(failure)));
        }).invoke(n -> {
            relayed.increment(n);
            lastSuccess.set(Instant.now().getEpochSecond());
            if (n > 0) {
                Log.debugf("Relayed %d events from the outbox", n);
            }
        });
    }

    /** Claims up to {@link #BATCH} rows nobody is sending, oldest first. */
    private Uni<List<OutboxEvent>> claim() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery("select * from outbox_event where claimed_until is null or claimed_until < now()"
                                + " order by created_at limit " + BATCH + " for update skip locked", OutboxEvent.class)
                        .getResultList())
                // the rows come in the query's order; the lease is written when the transaction commits
                .invoke(rows -> {
                    Instant until = Instant.now().plus(lease);
                    rows.forEach(row -> row.claimedUntil = until);
                }));
    }

    /** Sends rows from {@code index} on, one after the other; stops at the first failure. */
    private Uni<Void> send(List<OutboxEvent> rows, int index, List<UUID> sent) {
        if (index >= rows.size()) {
            return Uni.createFrom().voidItem();
        }
        OutboxEvent row = rows.get(index);
        return emitter.sendMessage(toMessage(row))
                .invoke(() -> sent.add(row.id))
                .chain(() -> send(rows, index + 1, sent));
    }

    /** Deletes what was sent and releases the claim of what was not. */
    private Uni<Void> settle(List<OutboxEvent> rows, List<UUID> sent) {
        List<UUID> unsent = rows.stream().map(r -> r.id).filter(id -> !sent.contains(id)).toList();
        return Panache.withTransaction(() -> (sent.isEmpty() ? Uni.createFrom().item(0L)
                        : OutboxEvent.delete("id in ?1", sent))
                .chain(() -> unsent.isEmpty() ? Uni.createFrom().item(0)
                        : OutboxEvent.update("claimedUntil = null where id in ?1", unsent)))
                .replaceWithVoid();
    }

    private static Message<String> toMessage(OutboxEvent row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", row.type.getBytes(StandardCharsets.UTF_8));
        return Message.of(row.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic).withKey(row.key).withHeaders(headers).build());
    }
}
