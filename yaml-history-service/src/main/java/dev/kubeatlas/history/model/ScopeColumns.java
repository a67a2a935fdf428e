package dev.kubeatlas.history.model;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.util.Arrays;
import java.util.List;

/** A {@link Scope} as a backup or a policy stores it: namespaces and kinds comma-separated, empty for all. */
@Embeddable
public class ScopeColumns {

    @Column(nullable = false)
    public String cluster;

    @Column(nullable = false)
    public String namespaces = "";

    @Column(nullable = false)
    public String kinds = "";

    @Column(name = "label_selector")
    public String labelSelector;

    public static ScopeColumns of(Scope scope) {
        ScopeColumns columns = new ScopeColumns();
        columns.cluster = scope.cluster();
        columns.namespaces = String.join(",", scope.namespaces());
        columns.kinds = String.join(",", scope.kinds());
        columns.labelSelector = scope.labelSelector();
        return columns;
    }

    public Scope toScope() {
        return new Scope(cluster, split(namespaces), split(kinds), labelSelector);
    }

    private static List<String> split(String column) {
        return column == null || column.isBlank() ? List.of() : Arrays.asList(column.split(","));
    }
}
