package dev.kubeatlas.history.service.backup;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.kubeatlas.history.model.Backup;
import dev.kubeatlas.history.model.BackupPolicy;
import dev.kubeatlas.history.model.Scope;
import dev.kubeatlas.history.model.SealedArchive;
import dev.kubeatlas.support.concurrent.Contexts;
import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs backup policies on their cron expressions (Unix, five fields, UTC) with the service's own identity (a
 * client-credentials token; workload-service audits its reads), then keeps the policy's newest {@code retain}
 * completed backups. Policies are (re)scheduled at start and whenever one is created, changed or deleted.
 */
@ApplicationScoped
public class BackupSchedules {

    static final String JOB_PREFIX = "backup-policy:";
    static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final Scheduler scheduler;
    private final BackupService backups;
    private final OidcClient oidc;
    private final Vertx vertx;

    public BackupSchedules(Scheduler scheduler, BackupService backups, OidcClient oidc, Vertx vertx) {
        this.scheduler = scheduler;
        this.backups = backups;
        this.oidc = oidc;
        this.vertx = vertx;
    }

    /** @throws ProblemException 400 when {@code cron} is not a five-field Unix cron expression */
    public static void validate(String cron) {
        try {
            CRON.parse(cron).validate();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-cron", "'" + cron + "' is not a cron expression of five fields "
                    + "(minute hour day-of-month month day-of-week), e.g. '0 2 * * *'");
        }
    }

    void start(@Observes StartupEvent started) {
        Contexts.isolated(vertx).runOnContext(ignored -> Panache.withSession(() -> BackupPolicy.<BackupPolicy>listAll())
                .subscribe().with(policies -> policies.forEach(this::schedule),
                        e -> Log.warnf("Backup policies could not be loaded: %s", e.toString())));
    }

    public void schedule(BackupPolicy policy) {
        unschedule(policy.name);
        if (!policy.enabled) {
            return;
        }
        String name = policy.name;
        scheduler.newJob(JOB_PREFIX + name)
                .setCron(policy.cron)
                .setConcurrentExecution(io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> Contexts.isolated(vertx).runOnContext(ignored -> run(name)
                        .subscribe().with(v -> { }, e -> Log.warnf("Backup policy %s failed: %s", name, e.toString()))))
                .schedule();
    }

    public void unschedule(String name) {
        scheduler.unscheduleJob(JOB_PREFIX + name);
    }

    /** One run of a policy now: a backup, then pruning; the outcome is kept on the policy. */
    public Uni<Backup> run(String name) {
        return Panache.withSession(() -> BackupPolicy.<BackupPolicy>findById(name)).chain(policy -> {
            if (policy == null) {
                return Uni.createFrom().nullItem();
            }
            Scope scope = policy.scope.toScope();
            return oidc.getTokens()
                    .onFailure().transform(e -> ProblemException.unavailable("service-token-unavailable",
                            "No service token", "The identity provider did not issue a service token", 30))
                    .chain(tokens -> backups.take(scope, "policy:" + name, name, "Bearer " + tokens.getAccessToken()))
                    .call(backup -> prune(name, policy.retain))
                    .call(backup -> recordRun(name, backup, null))
                    .onFailure().call(e -> recordRun(name, null, e instanceof ProblemException p ? p.getMessage()
                            : "The backup could not be taken"));
        });
    }

    private static Uni<Void> recordRun(String name, Backup backup, String error) {
        return Panache.withTransaction(() -> BackupPolicy.<BackupPolicy>findById(name).invoke(policy -> {
            if (policy != null) {
                policy.lastRunAt = Instant.now();
                policy.lastBackupId = backup == null ? policy.lastBackupId : backup.id;
                policy.lastError = error;
            }
        })).replaceWithVoid();
    }

    /** Deletes the policy's completed backups beyond the newest {@code retain}, and its failed ones but the last. */
    static Uni<Void> prune(String policy, int retain) {
        return Panache.withTransaction(() -> Backup.<Backup>list("policy = ?1 order by createdAt desc", policy)
                .chain(all -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Backup backup : beyondRetention(all, retain)) {
                        chain = chain.chain(() -> SealedArchive.delete("backupId", backup.id).chain(backup::delete));
                    }
                    return chain;
                }));
    }

    /**
     * Of a policy's backups, newest first, those that go: completed ones beyond the newest {@code retain}, failed
     * ones but the newest; running ones stay.
     */
    static List<Backup> beyondRetention(List<Backup> newestFirst, int retain) {
        List<Backup> completed = newestFirst.stream().filter(b -> Backup.COMPLETED.equals(b.state)).toList();
        List<Backup> failed = newestFirst.stream().filter(b -> Backup.FAILED.equals(b.state)).toList();
        List<Backup> gone = new ArrayList<>();
        if (completed.size() > retain) {
            gone.addAll(completed.subList(retain, completed.size()));
        }
        if (failed.size() > 1) {
            gone.addAll(failed.subList(1, failed.size()));
        }
        return gone;
    }
}
