package dev.kubeatlas.metrics.alerts;

import dev.kubeatlas.metrics.KnownClusters;
import dev.kubeatlas.metrics.Parameters;
import dev.kubeatlas.metrics.Samples;
import dev.kubeatlas.support.names.KubeNames;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import dev.kubeatlas.support.rest.QueryFilter;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import dev.kubeatlas.support.selector.Selectors;
import java.util.List;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.Map;

/** Alert rules (admins change them) and alerts: those pending or firing now, and the recently resolved. */
@Path("/api/v1/metrics/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class AlertsEndpoint {

    static final List<String> STATES = List.of(Alert.PENDING, Alert.FIRING, Alert.RESOLVED);

    private final KnownClusters known;

    public AlertsEndpoint(KnownClusters known) {
        this.known = known;
    }

    public record RuleRequest(
            @NotBlank @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?") String id,
            @NotBlank String name,
            @NotNull @Pattern(regexp = "node|pod|quota|cluster") String targetKind,
            @NotBlank String metric,
            @NotNull @Pattern(regexp = ">|>=|<|<=") String comparison,
            double threshold,
            @Min(0) @Max(86400) int durationSeconds,
            @NotNull @Pattern(regexp = "info|warning|critical") String severity,
            String cluster,
            @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?") String namespace,
            @Pattern(regexp = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?") String node,
            @Size(max = 1024) String podSelector,
            Boolean enabled) {
    }

    @GET
    @WithSession
    public Uni<Map<String, Object>> alerts(@RestQuery String cluster, @RestQuery String state, @RestQuery String limit) {
        QueryFilter filter = new QueryFilter().equal("cluster", cluster).equal("state", Parameters.oneOf("state", state, STATES));
        int count = Parameters.integer("limit", limit, 100, 1, 1000);
        return Alert.<Alert>find(filter.query(), Sort.descending("updatedAt"), filter.parameters())
                .page(Page.ofSize(count)).list()
                .map(items -> Map.of("items", items));
    }

    @GET
    @Path("/rules")
    @WithSession
    public Uni<Map<String, Object>> rules() {
        return AlertRule.<AlertRule>listAll(Sort.by("id")).map(rules -> Map.of("items", rules));
    }

    @POST
    @Path("/rules")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@NotNull @Valid RuleRequest request) {
        return check(request).chain(() -> Panache.withTransaction(() -> AlertRule.<AlertRule>findById(request.id()).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("rule-exists", "Rule exists", "A rule '" + request.id() + "' exists");
            }
            AlertRule rule = new AlertRule();
            rule.id = request.id();
            apply(rule, request);
            return rule.<AlertRule>persist();
        }))).map(rule -> Response.status(Response.Status.CREATED).entity(rule).build());
    }

    @PUT
    @Path("/rules/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<AlertRule> update(@RestPath String id, @NotNull @Valid RuleRequest request) {
        return check(request).chain(() -> Panache.withTransaction(() -> AlertRule.<AlertRule>findById(id).map(rule -> {
            if (rule == null) {
                throw ProblemException.notFound("rule-not-found", "Rule not found", "No rule '" + id + "'");
            }
            apply(rule, request);
            return rule;
        })));
    }

    /** Built-in rules are disabled, not deleted. */
    @DELETE
    @Path("/rules/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@RestPath String id) {
        return Panache.withTransaction(() -> AlertRule.<AlertRule>findById(id).chain(rule -> {
            if (rule == null) {
                throw ProblemException.notFound("rule-not-found", "Rule not found", "No rule '" + id + "'");
            }
            if (rule.builtin) {
                throw ProblemException.conflict("rule-builtin", "Built-in rule",
                        "Built-in rules are not deleted; disable it with \"enabled\": false");
            }
            return rule.delete();
        })).replaceWith(Response.noContent().build());
    }

    /**
     * What the request names exists: its metric is one of its kind of target's (400), its cluster, if any, is
     * registered (404). Asked before any transaction is opened.
     */
    private Uni<Void> check(RuleRequest request) {
        Samples.requireMetric(request.targetKind(), request.metric());
        return request.cluster() == null || request.cluster().isBlank() ? Uni.createFrom().voidItem()
                : known.require(KubeNames.cluster(request.cluster()));
    }

    private static void apply(AlertRule rule, RuleRequest r) {
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
        if (rule.podSelector != null) {
            if (!"pod".equals(rule.targetKind)) {
                throw ProblemException.badRequest("invalid-rule", "podSelector applies to pod rules only");
            }
            Selectors.labels(rule.podSelector); // 400 when it does not parse
        }
        if (rule.namespace != null && !List.of("pod", "quota").contains(rule.targetKind)) {
            throw ProblemException.badRequest("invalid-rule", "namespace applies to pod and quota rules only");
        }
        if (rule.node != null && !List.of("pod", "node").contains(rule.targetKind)) {
            throw ProblemException.badRequest("invalid-rule", "node applies to node and pod rules only");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
