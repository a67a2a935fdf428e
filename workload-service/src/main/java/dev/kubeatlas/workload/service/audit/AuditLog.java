package dev.kubeatlas.workload.service.audit;

import dev.kubeatlas.support.rest.ContinueToken;
import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.rest.QueryFilter;
import dev.kubeatlas.workload.model.AuditEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Reads the audit trail, newest first, in its own session. */
@ApplicationScoped
public class AuditLog {

    /** What the audit trail is filtered by; null or blank fields filter nothing. */
    public record Query(String cluster, String actor, String action, String namespace, String resource,
                        String outcome, Instant since, int limit) {
    }

    public record AuditRecord(long id, Instant at, String actor, List<String> roles, String cluster, String action,
                        String resource, String namespace, String name, boolean dryRun, String outcome, int status,
                        String detail) {
        static AuditRecord of(AuditEntry e) {
            return new AuditRecord(e.id, e.at, e.actor, e.roles.isEmpty() ? List.of() : Arrays.asList(e.roles.split(",")),
                    e.cluster, e.action, e.resource, e.namespace, e.name, e.dryRun, e.outcome, e.status, e.detail);
        }
    }

    /** The list name its continue tokens are bound to. */
    static final String LIST = "audit";

    /** A page of entries, newest first; {@code continue} is there when another page follows. */
    public Uni<Items<AuditRecord>> find(Query q, String continueToken) {
        Long before = ContinueToken.id(LIST, continueToken);
        QueryFilter filter = new QueryFilter().equal("cluster", q.cluster()).equal("actor", q.actor())
                .equal("action", q.action()).equal("namespace", q.namespace()).equal("outcome", q.outcome())
                .where("at >= :since", "since", q.since()).where("id < :before", "before", before);
        if (QueryFilter.given(q.resource())) {
            filter.where("(resource = :resource or resource like :resourcePrefix)",
                    Parameters.with("resource", q.resource()).and("resourcePrefix", q.resource() + ".%"));
        }
        return Panache.withSession(() -> AuditEntry.<AuditEntry>find(filter.query(), Sort.descending("id"), filter.parameters())
                        .page(Page.ofSize(q.limit())).list())
                .map(entries -> new Items<>(entries.stream().map(AuditRecord::of).toList(),
                        entries.size() == q.limit() ? ContinueToken.afterId(LIST, entries.get(entries.size() - 1).id) : null));
    }
}
