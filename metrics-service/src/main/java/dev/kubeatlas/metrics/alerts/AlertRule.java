package dev.kubeatlas.metrics.alerts;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A metric of a kind of target ({@code node}, {@code pod}, {@code cluster}) against a threshold for a duration. */
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
