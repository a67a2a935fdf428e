package dev.kubeatlas.events;

import dev.kubeatlas.events.ai.v1.DiagnosisCompleted;
import dev.kubeatlas.events.audit.v1.AuditRecorded;
import dev.kubeatlas.events.cluster.v1.ClusterHealthChanged;
import dev.kubeatlas.events.cluster.v1.ClusterRegistered;
import dev.kubeatlas.events.cluster.v1.ClusterRemoved;
import dev.kubeatlas.events.cluster.v1.ClusterUpdated;
import dev.kubeatlas.events.metrics.v1.AlertStateChanged;
import dev.kubeatlas.events.resource.v1.ResourceChanged;

import java.util.List;
import java.util.Optional;

/** Every event type of the contract. A type is never removed or changed incompatibly; a new version sits beside it. */
public final class EventTypes {

    public static final EventType<ClusterRegistered> CLUSTER_REGISTERED =
            new EventType<>("dev.kubeatlas.cluster.registered.v1", Topics.CLUSTER_LIFECYCLE, ClusterRegistered.class);
    public static final EventType<ClusterUpdated> CLUSTER_UPDATED =
            new EventType<>("dev.kubeatlas.cluster.updated.v1", Topics.CLUSTER_LIFECYCLE, ClusterUpdated.class);
    public static final EventType<ClusterRemoved> CLUSTER_REMOVED =
            new EventType<>("dev.kubeatlas.cluster.removed.v1", Topics.CLUSTER_LIFECYCLE, ClusterRemoved.class);
    public static final EventType<ClusterHealthChanged> CLUSTER_HEALTH_CHANGED =
            new EventType<>("dev.kubeatlas.cluster.health-changed.v1", Topics.CLUSTER_LIFECYCLE, ClusterHealthChanged.class);
    public static final EventType<ResourceChanged> RESOURCE_CHANGED =
            new EventType<>("dev.kubeatlas.resource.changed.v1", Topics.RESOURCE_CHANGES, ResourceChanged.class);
    public static final EventType<AuditRecorded> AUDIT_RECORDED =
            new EventType<>("dev.kubeatlas.audit.recorded.v1", Topics.AUDIT, AuditRecorded.class);
    public static final EventType<AlertStateChanged> ALERT_STATE_CHANGED =
            new EventType<>("dev.kubeatlas.metrics.alert-state-changed.v1", Topics.METRICS_ALERTS, AlertStateChanged.class);
    public static final EventType<DiagnosisCompleted> DIAGNOSIS_COMPLETED =
            new EventType<>("dev.kubeatlas.ai.diagnosis-completed.v1", Topics.AI_DIAGNOSES, DiagnosisCompleted.class);

    public static final List<EventType<?>> ALL = List.of(CLUSTER_REGISTERED, CLUSTER_UPDATED, CLUSTER_REMOVED,
            CLUSTER_HEALTH_CHANGED, RESOURCE_CHANGED, AUDIT_RECORDED, ALERT_STATE_CHANGED, DIAGNOSIS_COMPLETED);

    public static Optional<EventType<?>> byType(String type) {
        return ALL.stream().filter(t -> t.type().equals(type)).findFirst();
    }

    private EventTypes() {
    }
}
