package dev.kubeatlas.workload.audit;

import dev.kubeatlas.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit trail of changes made through KubeAtlas, newest first. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
@WithSession
public class AuditEndpoint {

    public record AuditView(long id, Instant at, String actor, List<String> roles, String cluster, String action,
                            String resource, String namespace, String name, boolean dryRun, String outcome, int status,
                            String detail) {
        static AuditView of(AuditEntry e) {
            return new AuditView(e.id, e.at, e.actor, e.roles.isEmpty() ? List.of() : Arrays.asList(e.roles.split(",")),
                    e.cluster, e.action, e.resource, e.namespace, e.name, e.dryRun, e.outcome, e.status, e.detail);
        }
    }

    /**
     * @param since  ISO-8601 instant; entries at or after it
     * @param before entry id to page from (the {@code next} of the previous page)
     */
    @GET
    public Uni<Map<String, Object>> list(@RestQuery String cluster, @RestQuery String actor, @RestQuery String action,
                                         @RestQuery String namespace, @RestQuery String resource, @RestQuery String outcome,
                                         @RestQuery Instant since, @RestQuery Long before,
                                         @RestQuery @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        add(where, params, "cluster", cluster);
        add(where, params, "actor", actor);
        add(where, params, "action", action);
        add(where, params, "namespace", namespace);
        add(where, params, "outcome", outcome);
        if (resource != null && !resource.isBlank()) {
            where.add("(resource = :resource or resource like :resourcePrefix)");
            params.and("resource", resource).and("resourcePrefix", resource + ".%");
        }
        if (since != null) {
            where.add("at >= :since");
            params.and("since", since);
        }
        if (before != null) {
            where.add("id < :before");
            params.and("before", before);
        }
        String query = where.isEmpty() ? "1 = 1" : String.join(" and ", where);
        return AuditEntry.<AuditEntry>find(query, Sort.descending("id"), params).page(Page.ofSize(limit)).list()
                .map(entries -> {
                    List<AuditView> items = entries.stream().map(AuditView::of).toList();
                    Long next = entries.size() == limit ? entries.get(entries.size() - 1).id : null;
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("items", items);
                    body.put("next", next);
                    return body;
                });
    }

    private static void add(List<String> where, Parameters params, String field, String value) {
        if (value != null && !value.isBlank()) {
            where.add(field + " = :" + field);
            params.and(field, value);
        }
    }
}
