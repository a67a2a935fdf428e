package dev.kubeatlas.metrics.events;

import dev.kubeatlas.metrics.service.Snapshots;
import dev.kubeatlas.metrics.service.collection.CollectionScheduler;
import dev.kubeatlas.metrics.service.prometheus.PrometheusDiscovery;
import dev.kubeatlas.support.consumer.ClusterChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * What a change of the registered clusters (from {@code kubeatlas.cluster.lifecycle}, applied to the service's own
 * directory by service-support) means here: a registered cluster, or one with new credentials, has its Prometheus
 * looked for; a removed one takes its collection, open alerts, setting, figures, snapshot and Prometheus with it.
 */
@ApplicationScoped
public class ClusterLifecycleConsumer {

    private final CollectionScheduler scheduler;
    private final PrometheusDiscovery discovery;
    private final Snapshots snapshots;

    public ClusterLifecycleConsumer(CollectionScheduler scheduler, PrometheusDiscovery discovery, Snapshots snapshots) {
        this.scheduler = scheduler;
        this.discovery = discovery;
        this.snapshots = snapshots;
    }

    void onChange(@Observes ClusterChanged change) {
        switch (change.change()) {
            case REGISTERED, CREDENTIALS_CHANGED -> discovery.detectInBackground(change.name(), "discovery");
            case REMOVED -> {
                scheduler.removed(change.name());
                snapshots.forget(change.name());
                discovery.forget(change.name());
            }
            default -> { }
        }
    }
}
