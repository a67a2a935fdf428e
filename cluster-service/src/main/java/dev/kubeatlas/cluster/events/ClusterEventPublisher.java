package dev.kubeatlas.cluster.events;

import dev.kubeatlas.cluster.kube.ConnectionReport;
import dev.kubeatlas.cluster.model.Cluster;
import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventType;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.cluster.v1.ClusterHealthChanged;
import dev.kubeatlas.events.cluster.v1.ClusterRegistered;
import dev.kubeatlas.events.cluster.v1.ClusterRemoved;
import dev.kubeatlas.events.cluster.v1.ClusterUpdated;
import dev.kubeatlas.support.outbox.OutboxPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The cluster lifecycle events, keyed by the cluster's name, written to the outbox: every method must run inside the
 * transaction that makes the change it reports.
 */
@ApplicationScoped
public class ClusterEventPublisher {

    /** The CloudEvents source of every event of this service. */
    public static final String SOURCE = "cluster-service";

    private final OutboxPublisher outbox;

    public ClusterEventPublisher(OutboxPublisher outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> registered(Cluster c, String actor) {
        return publish(EventTypes.CLUSTER_REGISTERED, c.name, new ClusterRegistered(c.name, c.displayName, c.provider,
                c.region, c.server, c.kubernetesVersion, c.status, c.sandbox, c.tags, actor));
    }

    public Uni<Void> updated(Cluster c, List<String> changed, boolean credentialsChanged, String actor) {
        return publish(EventTypes.CLUSTER_UPDATED, c.name, new ClusterUpdated(c.name, c.displayName, c.provider,
                c.region, c.server, c.tags, changed, credentialsChanged, actor));
    }

    public Uni<Void> removed(String name, String actor) {
        return publish(EventTypes.CLUSTER_REMOVED, name, new ClusterRemoved(name, actor));
    }

    public Uni<Void> healthChanged(String name, String previousStatus, ConnectionReport report) {
        return publish(EventTypes.CLUSTER_HEALTH_CHANGED, name, new ClusterHealthChanged(name, previousStatus,
                report.status(), report.reason(), report.kubernetesVersion(), report.nodesReady(),
                report.nodesTotal(), report.latencyMillis()));
    }

    private <T> Uni<Void> publish(EventType<T> type, String name, T data) {
        return outbox.publish(type, name, CloudEvent.create(type, SOURCE, name, name, data)).replaceWithVoid();
    }
}
