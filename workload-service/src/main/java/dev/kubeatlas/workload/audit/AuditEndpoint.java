package dev.kubeatlas.workload.audit;

import dev.kubeatlas.support.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import dev.kubeatlas.support.rest.QueryFilter;
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
        QueryFilter filter = new QueryFilter().equal("cluster", cluster).equal("actor", actor).equal("action", action)
                .equal("namespace", namespace).equal("outcome", outcome)
                .where("at >= :since", "since", since).where("id < :before", "before", before);
        if (QueryFilter.given(resource)) {
            filter.where("(resource = :resource or resource like :resourcePrefix)",
                    Parameters.with("resource", resource).and("resourcePrefix", resource + ".%"));
        }
        return AuditEntry.<AuditEntry>find(filter.query(), Sort.descending("id"), filter.parameters()).page(Page.ofSize(limit)).list()
                .map(entries -> {
                    List<AuditView> items = entries.stream().map(AuditView::of).toList();
                    Long next = entries.size() == limit ? entries.get(entries.size() - 1).id : null;
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("items", items);
                    body.put("next", next);
                    return body;
                });
    }
}
