package dev.kubeatlas.support.rest;

import io.quarkus.panache.common.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * A Panache query built from a request's optional filters: each clause counts only when its value is given (not
 * null, not a blank string); with none, every row matches.
 */
public final class QueryFilter {

    private final List<String> clauses = new ArrayList<>();
    private final Parameters parameters = new Parameters();

    /** {@code field = :field}, when the value is given. */
    public QueryFilter equal(String field, Object value) {
        return where(field + " = :" + field, field, value);
    }

    /** The clause, with its one parameter, when the value is given. */
    public QueryFilter where(String clause, String name, Object value) {
        return given(value) ? where(clause, Parameters.with(name, value)) : this;
    }

    /** The clause with its parameters, always. */
    public QueryFilter where(String clause, Parameters clauseParameters) {
        clauses.add(clause);
        clauseParameters.map().forEach(parameters::and);
        return this;
    }

    public String query() {
        return clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses);
    }

    public Parameters parameters() {
        return parameters;
    }

    public static boolean given(Object value) {
        return value != null && !(value instanceof String s && s.isBlank());
    }
}
