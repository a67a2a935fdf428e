package dev.kubeatlas.support.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.cluster.v1.ClusterHealthChanged;
import dev.kubeatlas.events.cluster.v1.ClusterRegistered;
import dev.kubeatlas.events.cluster.v1.ClusterUpdated;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The clusters a service knows of, kept from lifecycle events. Each consuming service has its own copy in its own
 * schema; none reads cluster-service's tables.
 */
@ApplicationScoped
public class ClusterDirectory {

    private final ProcessedEvents processed;
    private final Event<ClusterChanged> changes;

    public ClusterDirectory(ProcessedEvents processed, Event<ClusterChanged> changes) {
        this.processed = processed;
        this.changes = changes;
    }

    /**
     * Applies one record of {@code kubeatlas.cluster.lifecycle}, once per event id. A record that is not a valid
     * event fails the returned {@code Uni}, which sends it to the dead-letter topic. After the change is committed,
     * fires {@link ClusterChanged}.
     *
     * @param consumer the consuming service, the scope of deduplication
     */
    public Uni<Void> consume(String consumer, String payload) {
        CloudEvent<JsonNode> event;
        try {
            event = EventCodec.decode(payload);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.withTransaction(() -> processed.firstDelivery(consumer, event.id())
                .flatMap(first -> {
                    if (!first) {
                        Log.debugf("Skipping duplicate lifecycle event %s", event.id());
                        return Uni.createFrom().<ClusterChanged>nullItem();
                    }
                    return apply(event);
                }))
                .invoke(change -> {
                    if (change != null) {
                        changes.fire(change);
                    }
                })
                .replaceWithVoid();
    }

    public Uni<List<KnownCluster>> list() {
        return KnownCluster.listAll(Sort.by("name"));
    }

    public Uni<KnownCluster> find(String name) {
        return KnownCluster.findById(name);
    }

    private Uni<ClusterChanged> apply(CloudEvent<JsonNode> event) {
        Instant at = event.time() == null ? Instant.now() : event.time();
        if (EventTypes.CLUSTER_REGISTERED.type().equals(event.type())) {
            ClusterRegistered data = EventCodec.decode(event, EventTypes.CLUSTER_REGISTERED).data();
            return KnownCluster.<KnownCluster>findById(data.name())
                    .map(existing -> existing == null ? new KnownCluster() : existing)
                    .flatMap(cluster -> {
                        cluster.name = data.name();
                        cluster.displayName = data.displayName();
                        cluster.provider = data.provider();
                        cluster.status = data.status();
                        cluster.kubernetesVersion = data.kubernetesVersion();
                        cluster.sandbox = data.sandbox();
                        cluster.registeredAt = at;
                        return touch(cluster, event, at);
                    })
                    .invoke(() -> Log.infof("Cluster %s registered (event %s)", data.name(), event.id()))
                    .replaceWith(new ClusterChanged(data.name(), ClusterChanged.Change.REGISTERED));
        }
        if (EventTypes.CLUSTER_UPDATED.type().equals(event.type())) {
            ClusterUpdated data = EventCodec.decode(event, EventTypes.CLUSTER_UPDATED).data();
            return updateIfKnown(data.name(), event, at, cluster -> {
                cluster.displayName = data.displayName();
                cluster.provider = data.provider();
            }).replaceWith(new ClusterChanged(data.name(), data.credentialsChanged()
                    ? ClusterChanged.Change.CREDENTIALS_CHANGED : ClusterChanged.Change.UPDATED));
        }
        if (EventTypes.CLUSTER_HEALTH_CHANGED.type().equals(event.type())) {
            ClusterHealthChanged data = EventCodec.decode(event, EventTypes.CLUSTER_HEALTH_CHANGED).data();
            return updateIfKnown(data.name(), event, at, cluster -> {
                cluster.status = data.status();
                if (data.kubernetesVersion() != null) {
                    cluster.kubernetesVersion = data.kubernetesVersion();
                }
            }).replaceWith(new ClusterChanged(data.name(), ClusterChanged.Change.HEALTH_CHANGED));
        }
        if (EventTypes.CLUSTER_REMOVED.type().equals(event.type())) {
            String name = EventCodec.decode(event, EventTypes.CLUSTER_REMOVED).data().name();
            return KnownCluster.deleteById(name)
                    .invoke(() -> Log.infof("Cluster %s removed (event %s)", name, event.id()))
                    .replaceWith(new ClusterChanged(name, ClusterChanged.Change.REMOVED));
        }
        Log.debugf("Ignoring lifecycle event of unknown type %s", event.type());
        return Uni.createFrom().nullItem();
    }

    /** Changes a cluster this service knows; an event about one it does not know has no effect. */
    private static Uni<Void> updateIfKnown(String name, CloudEvent<JsonNode> event, Instant at,
                                           Consumer<KnownCluster> change) {
        return KnownCluster.<KnownCluster>findById(name).flatMap(cluster -> {
            if (cluster == null) {
                return Uni.createFrom().voidItem();
            }
            change.accept(cluster);
            return touch(cluster, event, at);
        });
    }

    private static Uni<Void> touch(KnownCluster cluster, CloudEvent<JsonNode> event, Instant at) {
        cluster.updatedAt = at;
        cluster.lastEventId = event.id();
        return cluster.persist().replaceWithVoid();
    }
}
