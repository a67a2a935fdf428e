package dev.kubeatlas.cluster.service;

import dev.kubeatlas.cluster.kube.ConnectionReport;
import dev.kubeatlas.cluster.model.Cluster;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a check makes of a cluster's status and figures. */
class HealthRecorderTest {

    @Test
    void aCheckSetsStatusReasonAndFigures() {
        Cluster c = new Cluster();
        ConnectionReport degraded = new ConnectionReport(ConnectionReport.DEGRADED, "1 of 3 nodes NotReady: n3",
                "v1.30.2", 2, 3, 12, 40, false, List.of("n3"), null);
        HealthRecorder.apply(c, degraded, false);
        assertThat(c.status).isEqualTo("degraded");
        assertThat(c.statusReason).contains("n3");
        assertThat(c.kubernetesVersion).isEqualTo("v1.30.2");
        assertThat(c.nodesReady).isEqualTo(2);
        assertThat(c.nodesTotal).isEqualTo(3);
        assertThat(c.namespaceCount).isEqualTo(12);
        assertThat(c.latencyMillis).isEqualTo(40L);
        assertThat(c.lastCheckAt).isNotNull();
    }

    @Test
    void anUnreachableClusterKeepsItsLastKnownVersion() {
        Cluster c = new Cluster();
        c.kubernetesVersion = "v1.30.2";
        HealthRecorder.apply(c, ConnectionReport.unreachable("Cannot reach the API server", 2000), false);
        assertThat(c.status).isEqualTo("unreachable");
        assertThat(c.kubernetesVersion).isEqualTo("v1.30.2");
        assertThat(c.nodesTotal).isNull();
    }

    @Test
    void permissionsChangeOnlyWithAReview() {
        Cluster c = new Cluster();
        c.permissions = Map.of("list pods", "allowed");
        ConnectionReport reviewed = new ConnectionReport(ConnectionReport.CONNECTED, null, "v1.30.2", 3, 3, 5, 10,
                false, List.of(), Map.of("list pods", "denied"));
        HealthRecorder.apply(c, reviewed, false);
        assertThat(c.permissions).containsEntry("list pods", "allowed");
        HealthRecorder.apply(c, reviewed, true);
        assertThat(c.permissions).containsEntry("list pods", "denied");
    }

    @Test
    void onlyRequiredPermissionsThatWereDeniedStopARegistration() {
        ConnectionReport report = new ConnectionReport(ConnectionReport.CONNECTED, null, "v1", 1, 1, 1, 1, false,
                List.of(), Map.of("list namespaces", "denied", "list pods", "unknown", "list secrets", "denied"));
        assertThat(report.deniedRequired()).containsExactly("list namespaces");
        assertThat(ConnectionReport.unreachable("x", 0).reachable()).isFalse();
    }
}
