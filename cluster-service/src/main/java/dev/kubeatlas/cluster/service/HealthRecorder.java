package dev.kubeatlas.cluster.service;

import dev.kubeatlas.cluster.events.ClusterEventPublisher;
import dev.kubeatlas.cluster.kube.ConnectionReport;
import dev.kubeatlas.cluster.model.Cluster;
import dev.kubeatlas.cluster.model.HealthCheck;
import dev.kubeatlas.cluster.model.StatusChange;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Objects;

/**
 * Records connection checks of clusters: the cluster's current status, the check itself, and, when the status
 * changed, the change and a {@code ClusterHealthChanged} event. {@link #record(String, int, ConnectionReport, boolean)}
 * runs in a transaction of its own; the others run in their caller's.
 */
@ApplicationScoped
public class HealthRecorder {

    private final ClusterEventPublisher events;

    public HealthRecorder(ClusterEventPublisher events) {
        this.events = events;
    }

    /**
     * The connection test of a registration, as the cluster's first check and first status. The cluster must have
     * been given the report with {@link #apply} before it was persisted.
     */
    public Uni<Void> recordFirst(Cluster cluster, ConnectionReport report) {
        return check(cluster, report).call(() -> change(cluster, null, report)).replaceWithVoid();
    }

    /**
     * Records a check made with credentials revision {@code revision}. A cluster removed meanwhile, or whose
     * credentials were replaced meanwhile, keeps its state: the check no longer says anything about it. Runs in a
     * transaction of its own; when the cluster was written by someone else between the read and the write (a
     * change by a client), the cluster is read again and the check applied to what is there now.
     */
    public Uni<Void> record(String name, int revision, ConnectionReport report, boolean withPermissions) {
        return DatabaseErrors.retryOnVersionConflict(() -> Panache.withTransaction(() -> Cluster.<Cluster>findById(name)
                .chain(cluster -> {
                    if (cluster == null || cluster.credentialsRevision != revision) {
                        Log.debugf("Dropping a check of cluster %s: removed or changed while it ran", name);
                        return Uni.createFrom().voidItem();
                    }
                    return record(cluster, report, withPermissions);
                })));
    }

    public Uni<Void> record(Cluster cluster, ConnectionReport report, boolean withPermissions) {
        String previous = cluster.status;
        apply(cluster, report, withPermissions);
        Uni<?> recorded = check(cluster, report);
        if (!Objects.equals(previous, report.status())) {
            cluster.statusSince = cluster.lastCheckAt;
            recorded = recorded.call(() -> change(cluster, previous, report))
                    .call(() -> events.healthChanged(cluster.name, previous, report))
                    .invoke(() -> Log.infof("Cluster %s is %s (was %s)%s", cluster.name, report.status(), previous,
                            report.reason() == null ? "" : ": " + report.reason()));
        }
        return recorded.replaceWithVoid();
    }

    /** The cluster's newest checks and its newest status changes; in the caller's session. */
    Uni<HealthHistory> history(Cluster cluster, int intervalSeconds, int checks, int changes) {
        return HealthCheck.<HealthCheck>find("clusterName", Sort.descending("checkedAt"), cluster.name)
                .page(Page.ofSize(checks)).list()
                .chain(checkList -> StatusChange.<StatusChange>find("clusterName", Sort.descending("changedAt"), cluster.name)
                        .page(Page.ofSize(changes)).list()
                        .map(changeList -> new HealthHistory(cluster, intervalSeconds, checkList, changeList)));
    }

    /** Deletes checks older than {@code before}; status changes stay. */
    public Uni<Long> prune(Instant before) {
        return Panache.withTransaction(() -> HealthCheck.delete("checkedAt < ?1", before));
    }

    /** Sets the cluster's status and figures from a check. */
    public static void apply(Cluster c, ConnectionReport report, boolean withPermissions) {
        c.status = report.status();
        c.statusReason = report.reason();
        if (report.kubernetesVersion() != null) {
            c.kubernetesVersion = report.kubernetesVersion();
        }
        c.nodesReady = report.nodesReady();
        c.nodesTotal = report.nodesTotal();
        c.namespaceCount = report.namespaces();
        c.latencyMillis = report.latencyMillis();
        c.lastCheckAt = Instant.now();
        if (withPermissions && report.permissions() != null) {
            c.permissions = report.permissions();
        }
    }

    private static Uni<HealthCheck> check(Cluster cluster, ConnectionReport report) {
        HealthCheck check = new HealthCheck();
        check.clusterName = cluster.name;
        check.checkedAt = cluster.lastCheckAt;
        check.status = report.status();
        check.reason = report.reason();
        check.latencyMillis = report.latencyMillis();
        check.kubernetesVersion = report.kubernetesVersion();
        check.nodesReady = report.nodesReady();
        check.nodesTotal = report.nodesTotal();
        check.notReadyNodes = report.notReadyNodes().isEmpty() ? null : String.join(",", report.notReadyNodes());
        return check.persist();
    }

    private static Uni<StatusChange> change(Cluster cluster, String previous, ConnectionReport report) {
        StatusChange change = new StatusChange();
        change.clusterName = cluster.name;
        change.changedAt = cluster.lastCheckAt;
        change.previousStatus = previous;
        change.status = report.status();
        change.reason = report.reason();
        return change.persist();
    }
}
