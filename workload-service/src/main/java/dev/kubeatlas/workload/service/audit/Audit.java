package dev.kubeatlas.workload.service.audit;

import dev.kubeatlas.events.audit.v1.AuditRecorded;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.workload.events.WorkloadEventPublisher;
import dev.kubeatlas.workload.model.AuditEntry;
import dev.kubeatlas.workload.service.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Audits mutations: each attempt, successful or not, is stored and published as {@code AuditRecorded} on
 * {@code kubeatlas.audit} in one transaction.
 */
@ApplicationScoped
public class Audit {


    private final WorkloadEventPublisher events;

    public Audit(WorkloadEventPublisher events) {
        this.events = events;
    }

    /** What is being done, to what. */
    public record Target(String cluster, String action, String resource, String namespace, String name, boolean dryRun) {
    }

    /**
     * Runs {@code work} and audits its outcome; the caller gets the work's result or failure either way.
     *
     * @param detail a short description of a success (e.g. "replicas 3 -> 5"); never the object's content
     */
    public <T> Uni<T> audited(Caller caller, Target target, Supplier<Uni<T>> work, Function<T, String> detail) {
        Uni<T> attempt;
        try {
            attempt = work.get();
        } catch (RuntimeException e) {
            attempt = Uni.createFrom().failure(e);
        }
        return attempt
                .call(result -> record(caller, target, "success", 200, detail.apply(result)))
                .onFailure().call(failure -> {
                    int status = failure instanceof ProblemException p ? p.status() : 500;
                    return record(caller, target, "failure", status, failure.getMessage());
                });
    }

    private Uni<Void> record(Caller caller, Target t, String outcome, int status, String detail) {
        AuditEntry entry = new AuditEntry();
        entry.at = Instant.now();
        entry.actor = caller.name();
        entry.roles = String.join(",", caller.roles());
        entry.cluster = t.cluster();
        entry.action = t.action();
        entry.resource = t.resource();
        entry.namespace = t.namespace();
        entry.name = t.name();
        entry.dryRun = t.dryRun();
        entry.outcome = outcome;
        entry.status = status;
        entry.detail = detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail;
        AuditRecorded data = new AuditRecorded(t.cluster(), caller.name(), t.action(), t.resource(), t.namespace(),
                t.name(), t.dryRun(), outcome, status, entry.detail, caller.roles());
        return Panache.withTransaction(() -> entry.persist()
                        .call(() -> events.auditRecorded(data)))
                .invoke(() -> Log.infof("Audit: %s %s %s %s/%s on %s%s: %s %d", caller.name(), t.action(), t.resource(),
                        t.namespace() == null ? "-" : t.namespace(), t.name() == null ? "-" : t.name(), t.cluster(),
                        t.dryRun() ? " (dry run)" : "", outcome, status))
                .onFailure().invoke(e -> Log.errorf("Audit entry could not be stored: %s", e.toString()))
                .replaceWithVoid();
    }
}
