package dev.kubeatlas.history.service.backup;

import dev.kubeatlas.history.model.Backup;
import dev.kubeatlas.history.model.BackupPolicy;
import dev.kubeatlas.history.model.Scope;
import dev.kubeatlas.history.model.ScopeColumns;
import dev.kubeatlas.history.service.workload.WorkloadClient;
import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/**
 * Backup policies: a scope, a cron expression and how many backups are kept. The cluster is checked through
 * workload-service before a policy is written, with no database session open; each write is one transaction, and
 * the scheduler follows every change.
 */
@ApplicationScoped
public class PolicyService {

    /** What a policy is set to. */
    public record Spec(String name, Scope scope, String cron, int retain, boolean enabled) {
    }

    private final WorkloadClient workload;
    private final BackupSchedules schedules;

    public PolicyService(WorkloadClient workload, BackupSchedules schedules) {
        this.workload = workload;
        this.schedules = schedules;
    }

    public Uni<List<BackupPolicy>> list() {
        return Panache.withSession(() -> BackupPolicy.<BackupPolicy>listAll(Sort.ascending("name")));
    }

    /** The policy; 404 when there is none of that name. */
    public Uni<BackupPolicy> get(String name) {
        return Panache.withSession(() -> find(name));
    }

    /** Creates the policy (409 when one of that name exists) and schedules it. */
    public Uni<BackupPolicy> create(Spec spec, String actor, String bearer) {
        BackupPolicy policy = new BackupPolicy();
        policy.name = spec.name();
        policy.createdBy = actor;
        policy.createdAt = Instant.now();
        apply(policy, spec);
        return workload.requireCluster(spec.scope().cluster(), bearer)
                .chain(() -> Panache.withTransaction(() -> BackupPolicy.findById(spec.name()).chain(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("policy-exists", "Backup policy exists",
                                "A backup policy named '" + spec.name() + "' exists; change it with PUT");
                    }
                    return policy.<BackupPolicy>persist();
                })))
                .invoke(schedules::schedule);
    }

    /** Changes the policy and reschedules it. */
    public Uni<BackupPolicy> update(String name, Spec spec, String bearer) {
        if (!name.equals(spec.name())) {
            throw ProblemException.badRequest("name-mismatch", "The body names policy '" + spec.name()
                    + "', the path '" + name + "'");
        }
        BackupSchedules.validate(spec.cron());
        return workload.requireCluster(spec.scope().cluster(), bearer)
                .chain(() -> Panache.withTransaction(() -> find(name).invoke(policy -> apply(policy, spec))))
                .invoke(schedules::schedule);
    }

    /** Deletes the policy (its backups stay) and unschedules it. */
    public Uni<Void> delete(String name) {
        return Panache.withTransaction(() -> find(name).chain(policy -> policy.delete()))
                .invoke(() -> schedules.unschedule(name));
    }

    /** Runs the policy now, as its schedule would. */
    public Uni<Backup> run(String name) {
        return get(name).chain(policy -> schedules.run(name));
    }

    private static void apply(BackupPolicy policy, Spec spec) {
        BackupSchedules.validate(spec.cron());
        policy.scope = ScopeColumns.of(spec.scope());
        policy.cron = spec.cron().trim();
        policy.retain = spec.retain();
        policy.enabled = spec.enabled();
    }

    private static Uni<BackupPolicy> find(String name) {
        return BackupPolicy.<BackupPolicy>findById(name).map(p -> {
            if (p == null) {
                throw ProblemException.notFound("policy-not-found", "Backup policy not found",
                        "No backup policy named '" + name + "'");
            }
            return p;
        });
    }
}
