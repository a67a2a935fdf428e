package dev.kubeatlas.events;

import java.util.List;

/** Kafka topics of the platform. Each has a {@code .dlq} sibling for messages its consumers cannot process. */
public final class Topics {

    /** Cluster registered, updated, removed, health changed. Key: cluster name. */
    public static final String CLUSTER_LIFECYCLE = "kubeatlas.cluster.lifecycle";
    /** Every observed change of a watched resource. Key: {@code <cluster>/<uid>}. */
    public static final String RESOURCE_CHANGES = "kubeatlas.resource.changes";
    /** Every mutation made through KubeAtlas, with its outcome. Key: {@code <cluster>/<uid or name>}. */
    public static final String AUDIT = "kubeatlas.audit";
    /** Alert state transitions. Key: alert id. */
    public static final String METRICS_ALERTS = "kubeatlas.metrics.alerts";
    /** Completed AI diagnoses. Key: cluster name. */
    public static final String AI_DIAGNOSES = "kubeatlas.ai.diagnoses";

    public static final List<String> ALL = List.of(CLUSTER_LIFECYCLE, RESOURCE_CHANGES, AUDIT, METRICS_ALERTS, AI_DIAGNOSES);

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    private Topics() {
    }
}
