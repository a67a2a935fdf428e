package dev.kubeatlas.workload.events;

import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.audit.v1.AuditRecorded;
import dev.kubeatlas.events.resource.v1.ResourceChanged;
import dev.kubeatlas.support.outbox.OutboxPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The events workload-service publishes, written to the outbox: every method must run inside the transaction that
 * records what it reports. Keys and subjects are decided here, and only here:
 * <ul>
 *   <li>{@code kubeatlas.resource.changes}: key {@code cluster/plural.group/namespace/name} (one partition per
 *       object, so its versions stay in order), subject {@code namespace/plural.group/name};</li>
 *   <li>{@code kubeatlas.audit}: key the cluster, subject {@code namespace/resource/name} as far as known.</li>
 * </ul>
 */
@ApplicationScoped
public class WorkloadEventPublisher {

    /** The CloudEvents source of every event of this service. */
    public static final String SOURCE = "workload-service";

    private final OutboxPublisher outbox;

    public WorkloadEventPublisher(OutboxPublisher outbox) {
        this.outbox = outbox;
    }

    /** A change of one object, as the change stream observed it. */
    public Uni<Void> resourceChanged(ResourceChanged change) {
        String namespace = change.namespace() == null ? "" : change.namespace();
        String key = change.cluster() + "/" + change.resource() + "/" + namespace + "/" + change.name();
        String subject = (change.namespace() == null ? "" : namespace + "/") + change.resource() + "/" + change.name();
        return outbox.publish(EventTypes.RESOURCE_CHANGED, key,
                CloudEvent.create(EventTypes.RESOURCE_CHANGED, SOURCE, subject, change.cluster(), change)).replaceWithVoid();
    }

    /** One entry of the audit trail: a change tried through KubeAtlas, allowed or refused. */
    public Uni<Void> auditRecorded(AuditRecorded entry) {
        String subject = (entry.namespace() == null ? "" : entry.namespace() + "/") + entry.resource()
                + (entry.name() == null ? "" : "/" + entry.name());
        return outbox.publish(EventTypes.AUDIT_RECORDED, entry.cluster(),
                CloudEvent.create(EventTypes.AUDIT_RECORDED, SOURCE, subject, entry.cluster(), entry)).replaceWithVoid();
    }
}
