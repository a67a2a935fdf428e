package dev.kubeatlas.metrics.events;

import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.metrics.v1.AlertStateChanged;
import dev.kubeatlas.metrics.model.Alert;
import dev.kubeatlas.metrics.model.AlertRule;
import dev.kubeatlas.support.outbox.OutboxPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Says that an alert changed state: an {@code AlertStateChanged} on {@code kubeatlas.metrics.alerts}, written to the
 * outbox in the caller's transaction (so it leaves exactly when the alert's row is committed), keyed by cluster,
 * target and rule so one alert's changes stay ordered.
 */
@ApplicationScoped
public class AlertPublisher {

    static final String SERVICE = "metrics-service";

    private final OutboxPublisher outbox;

    public AlertPublisher(OutboxPublisher outbox) {
        this.outbox = outbox;
    }

    /** The alert as it is now, coming from {@code previous} (null for a new alert). */
    public Uni<Void> stateChanged(AlertRule rule, Alert alert, String previous) {
        AlertStateChanged data = new AlertStateChanged(alert.id, rule.id, rule.name, alert.cluster, alert.target,
                rule.metric, alert.value, rule.threshold, rule.severity, previous, alert.state, alert.since);
        String key = alert.cluster + "/" + alert.target + "/" + rule.id;
        return outbox.publish(EventTypes.ALERT_STATE_CHANGED, key,
                CloudEvent.create(EventTypes.ALERT_STATE_CHANGED, SERVICE, alert.target, alert.cluster, data)).replaceWithVoid();
    }
}
