package dev.kubeatlas.metrics.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A metric of a kind of target ({@code node}, {@code pod}, {@code quota}, {@code cluster}) against a threshold for a
 * duration, in a scope: a cluster, a namespace, a node, pods by label selector.
 */
@Entity
@Table(name = "alert_rule")
public class AlertRule extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "target_kind", nullable = false)
    public String targetKind;

    @Column(nullable = false)
    public String metric;

    /** {@code >}, {@code >=}, {@code <}, {@code <=}. */
    @Column(nullable = false)
    public String comparison;

    @Column(nullable = false)
    public double threshold;

    @Column(name = "duration_seconds", nullable = false)
    public int durationSeconds;

    @Column(nullable = false)
    public String severity;

    /** Null for every cluster. */
    public String cluster;

    /** Pods or quotas of this namespace only; null for every namespace. */
    public String namespace;

    /** This node only, or for pods the pods on it; null for every node. */
    public String node;

    /** Pods whose labels match this selector ({@code app=cart,tier!=batch}); null for every pod. */
    @Column(name = "pod_selector")
    public String podSelector;

    @Column(nullable = false)
    public boolean enabled = true;

    @Column(nullable = false)
    public boolean builtin;

    public boolean matches(double value) {
        return switch (comparison) {
            case ">" -> value > threshold;
            case ">=" -> value >= threshold;
            case "<" -> value < threshold;
            case "<=" -> value <= threshold;
            default -> false;
        };
    }
}
