package dev.kubeatlas.events;

import java.util.List;
import java.util.Map;

/** Kafka topics of the platform. Each has a {@code .dlq} sibling for messages its consumers cannot process. */
public final class Topics {

    /** Cluster registered, updated, removed, health changed. Key: cluster name. */
    public static final String CLUSTER_LIFECYCLE = "kubeatlas.cluster.lifecycle";
    /** Every observed change of a watched resource. Key: {@code <cluster>/<resource>/<namespace>/<name>}. */
    public static final String RESOURCE_CHANGES = "kubeatlas.resource.changes";
    /** Every mutation attempted through KubeAtlas, with its outcome. Key: cluster name. */
    public static final String AUDIT = "kubeatlas.audit";
    /** Alert state transitions. Key: {@code <cluster>/<target>/<rule id>}. */
    public static final String METRICS_ALERTS = "kubeatlas.metrics.alerts";
    /** Completed AI diagnoses. Key: cluster name. */
    public static final String AI_DIAGNOSES = "kubeatlas.ai.diagnoses";

    public static final List<String> ALL = List.of(CLUSTER_LIFECYCLE, RESOURCE_CHANGES, AUDIT, METRICS_ALERTS, AI_DIAGNOSES);

    /**
     * The Kafka record key of each topic's events, as its producers set it: one object's events share a key, so
     * they stay in order. An empty segment stands for a missing part (the namespace of a cluster-scoped resource).
     */
    public static final Map<String, String> KEYS = Map.of(
            CLUSTER_LIFECYCLE, "cluster name",
            RESOURCE_CHANGES, "<cluster>/<resource>/<namespace>/<name>",
            AUDIT, "cluster name",
            METRICS_ALERTS, "<cluster>/<target>/<rule id>",
            AI_DIAGNOSES, "cluster name");

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    private Topics() {
    }
}
