package dev.kubeatlas.cluster.service;

import dev.kubeatlas.cluster.model.Cluster;
import dev.kubeatlas.cluster.model.HealthCheck;
import dev.kubeatlas.cluster.model.StatusChange;

import java.util.List;

/**
 * A cluster's health as read in one session: the cluster, its newest checks and its newest status changes (newest
 * first), and the interval it is checked at.
 */
public record HealthHistory(Cluster cluster, int checkIntervalSeconds, List<HealthCheck> checks,
                            List<StatusChange> changes) {
}
