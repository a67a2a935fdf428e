package dev.kubeatlas.metrics.service.alerts;

import dev.kubeatlas.metrics.model.Alert;
import dev.kubeatlas.metrics.model.AlertRule;
import dev.kubeatlas.metrics.service.KnownClusters;
import dev.kubeatlas.metrics.service.collection.Samples;
import dev.kubeatlas.support.names.KubeNames;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.rest.QueryFilter;
import dev.kubeatlas.support.rest.QueryParams;
import dev.kubeatlas.support.selector.Selectors;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Alert rules (admins change them) and alerts: those pending or firing now, and the recently resolved. */
@ApplicationScoped
public class AlertService {

    public static final List<String> STATES = List.of(Alert.PENDING, Alert.FIRING, Alert.RESOLVED);

    private final KnownClusters known;

    public AlertService(KnownClusters known) {
        this.known = known;
    }

    /** What a rule says, as an admin gives it. */
    public record RuleSpec(String name, String targetKind, String metric, String comparison, double threshold,
                           int durationSeconds, String severity, String cluster, String namespace, String node,
                           String podSelector, Boolean enabled) {
    }

    /** Alerts newest first, of a cluster and in a state when given ({@code state} one of {@link #STATES}, else 400). */
    public Uni<List<Alert>> alerts(String cluster, String state, int limit) {
        QueryFilter filter = new QueryFilter().equal("cluster", cluster).equal("state", QueryParams.oneOf("state", state, STATES));
        return Panache.withSession(() -> Alert.<Alert>find(filter.query(), Sort.descending("updatedAt"), filter.parameters())
                .page(Page.ofSize(limit)).list());
    }

    public Uni<List<AlertRule>> rules() {
        return Panache.withSession(() -> AlertRule.<AlertRule>listAll(Sort.by("id")));
    }

    /** A new rule; 409 when one has the id. */
    public Uni<AlertRule> create(String id, RuleSpec spec) {
        return check(spec).chain(() -> Panache.withTransaction(() -> AlertRule.<AlertRule>findById(id).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("rule-exists", "Rule exists", "A rule '" + id + "' exists");
            }
            AlertRule rule = new AlertRule();
            rule.id = id;
            apply(rule, spec);
            return rule.<AlertRule>persist();
        })));
    }

    /** Changes a rule; 404 when there is none with the id. */
    public Uni<AlertRule> update(String id, RuleSpec spec) {
        return check(spec).chain(() -> Panache.withTransaction(() -> AlertRule.<AlertRule>findById(id).map(rule -> {
            if (rule == null) {
                throw notFound(id);
            }
            apply(rule, spec);
            return rule;
        })));
    }

    /** Deletes a rule; built-in rules are disabled, not deleted (409). */
    public Uni<Void> delete(String id) {
        return Panache.withTransaction(() -> AlertRule.<AlertRule>findById(id).chain(rule -> {
            if (rule == null) {
                throw notFound(id);
            }
            if (rule.builtin) {
                throw ProblemException.conflict("rule-builtin", "Built-in rule",
                        "Built-in rules are not deleted; disable it with \"enabled\": false");
            }
            return rule.delete();
        }));
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("rule-not-found", "Rule not found", "No rule '" + id + "'");
    }

    /**
     * What the rule names exists: its metric is one of its kind of target's (400), its cluster, if any, is
     * registered (404). Asked before any transaction is opened.
     */
    private Uni<Void> check(RuleSpec spec) {
        Samples.requireMetric(spec.targetKind(), spec.metric());
        checkScope(spec.targetKind(), blankToNull(spec.namespace()), blankToNull(spec.node()), blankToNull(spec.podSelector()));
        return spec.cluster() == null || spec.cluster().isBlank() ? Uni.createFrom().voidItem()
                : known.require(KubeNames.cluster(spec.cluster()));
    }

    private static void apply(AlertRule rule, RuleSpec r) {
        rule.name = r.name();
        rule.targetKind = r.targetKind();
        rule.metric = r.metric();
        rule.comparison = r.comparison();
        rule.threshold = r.threshold();
        rule.durationSeconds = r.durationSeconds();
        rule.severity = r.severity();
        rule.cluster = r.cluster() == null || r.cluster().isBlank() ? null : r.cluster();
        rule.enabled = r.enabled() == null || r.enabled();
        rule.namespace = blankToNull(r.namespace());
        rule.node = blankToNull(r.node());
        rule.podSelector = blankToNull(r.podSelector());
    }

    /** A scope fits the kind of target: 400 {@code invalid-rule} otherwise, or when the selector does not parse. */
    static void checkScope(String targetKind, String namespace, String node, String podSelector) {
        if (podSelector != null) {
            if (!"pod".equals(targetKind)) {
                throw ProblemException.badRequest("invalid-rule", "podSelector applies to pod rules only");
            }
            Selectors.labels(podSelector); // 400 when it does not parse
        }
        if (namespace != null && !List.of("pod", "quota").contains(targetKind)) {
            throw ProblemException.badRequest("invalid-rule", "namespace applies to pod and quota rules only");
        }
        if (node != null && !List.of("pod", "node").contains(targetKind)) {
            throw ProblemException.badRequest("invalid-rule", "node applies to node and pod rules only");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
