package dev.kubeatlas.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.resource.v1.ResourceChanged;
import dev.kubeatlas.history.diff.FieldDiff;
import dev.kubeatlas.history.diff.StoredManifest;
import dev.kubeatlas.history.model.PendingRollback;
import dev.kubeatlas.history.model.ResourceVersion;
import dev.kubeatlas.history.model.TrackedResource;
import dev.kubeatlas.support.consumer.ProcessedEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;

/**
 * Turns the change stream into versions. Each distinct content of a resource is one version, numbered without
 * gaps: the event is deduplicated by id and the version written in one transaction, with the resource's row locked,
 * so a redelivery or a restart in the middle of a burst never yields a second version or a gap. Content equal to
 * the latest version's (the stream's hash ignores volatile metadata) is not a new version.
 */
@ApplicationScoped
public class History {

    static final String CONSUMER = "yaml-history-service";

    private final ProcessedEvents processed;

    public History(ProcessedEvents processed) {
        this.processed = processed;
    }

    /** Applies one record of {@code kubeatlas.resource.changes}; a record that is not a valid event fails. */
    public Uni<Void> record(String payload) {
        CloudEvent<ResourceChanged> event;
        try {
            event = EventCodec.decode(payload, EventTypes.RESOURCE_CHANGED);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        ResourceChanged change = event.data();
        if (change == null || change.cluster() == null || change.resource() == null || change.name() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("Resource change without cluster, resource or name"));
        }
        Instant at = event.time() == null ? Instant.now() : event.time();
        return Panache.withTransaction(() -> processed.firstDelivery(CONSUMER, event.id()).chain(first -> {
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            return tracked(change).chain(tracked -> apply(tracked, change, event.id(), at));
        }));
    }

    private static Uni<TrackedResource> tracked(ResourceChanged change) {
        String namespace = change.namespace() == null || change.namespace().isEmpty()
                ? TrackedResource.CLUSTER_SCOPED : change.namespace();
        return TrackedResource.<TrackedResource>find("cluster = ?1 and resource = ?2 and namespace = ?3 and name = ?4",
                        change.cluster(), change.resource(), namespace, change.name())
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .chain(found -> {
                    if (found != null) {
                        return Uni.createFrom().item(found);
                    }
                    TrackedResource fresh = new TrackedResource();
                    fresh.cluster = change.cluster();
                    fresh.resource = change.resource();
                    fresh.namespace = namespace;
                    fresh.name = change.name();
                    return fresh.persist();
                });
    }

    private static Uni<Void> apply(TrackedResource tracked, ResourceChanged change, String eventId, Instant at) {
        boolean deletion = "DELETED".equals(change.changeType());
        return Versions.latest(tracked).chain(latest -> {
            if (deletion && (tracked.deleted || latest == null)) {
                return Uni.createFrom().voidItem();
            }
            if (!deletion && latest != null && !tracked.deleted && change.contentHash() != null
                    && change.contentHash().equals(latest.contentHash)) {
                return Uni.createFrom().voidItem();
            }
            JsonNode before = latest == null || tracked.deleted ? null : StoredManifest.decompress(latest.manifest);
            ResourceVersion version = new ResourceVersion();
            version.trackedId = tracked.id;
            version.number = tracked.latestVersion + 1;
            version.changeType = change.changeType();
            version.actor = change.actor();
            version.source = change.source() == null ? "external" : change.source();
            version.at = at;
            version.resourceVersion = change.resourceVersion();
            version.eventId = eventId;
            if (deletion) {
                version.contentHash = latest.contentHash;
                version.summary = "deleted";
            } else {
                version.contentHash = change.contentHash();
                version.manifest = StoredManifest.compress(change.manifest());
                version.summary = before == null
                        ? ("BASELINE".equals(change.changeType()) ? "baseline" : tracked.deleted ? "recreated" : "created")
                        : FieldDiff.summary(FieldDiff.between(before, change.manifest()));
            }
            tracked.latestVersion = version.number;
            tracked.deleted = deletion;
            tracked.lastChangeAt = at;
            tracked.kind = change.kind();
            tracked.apiVersion = change.apiVersion();
            if (change.uid() != null) {
                tracked.uid = change.uid();
            }
            Uni<?> marked = deletion || change.resourceVersion() == null ? Uni.createFrom().nullItem()
                    : PendingRollback.<PendingRollback>findById(new PendingRollback.Key(tracked.id, change.resourceVersion()))
                    .call(pending -> {
                        if (pending == null) {
                            return Uni.createFrom().nullItem();
                        }
                        version.summary = "rollback to version " + pending.targetVersion + "; " + version.summary;
                        return pending.delete();
                    });
            return marked.chain(() -> version.persist())
                    .invoke(() -> Log.debugf("%s/%s/%s/%s version %d: %s", tracked.cluster, tracked.resource,
                            tracked.namespace, tracked.name, version.number, version.summary))
                    .replaceWithVoid();
        });
    }
}
