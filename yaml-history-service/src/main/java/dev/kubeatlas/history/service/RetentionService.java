package dev.kubeatlas.history.service;

import dev.kubeatlas.history.model.RetentionPolicy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * Applies each cluster's retention policy: a version goes when it is beyond the newest {@code keepVersions} of its
 * resource and older than {@code keepDays} (a limit left out does not hold anything back). Never deleted: the newest
 * version of a resource, the newest one with content (what a deleted resource is restored from), tagged versions.
 */
@ApplicationScoped
public class RetentionService {

    static final String PRUNE = """
            delete from resource_version v using tracked_resource t
            where v.tracked_id = t.id and t.cluster = :cluster
              and v.number < t.latest_version
              and v.number <> (select max(m.number) from resource_version m
                               where m.tracked_id = v.tracked_id and m.manifest is not null)
              and not exists (select 1 from version_tag g where g.tracked_id = v.tracked_id and g.number = v.number)
              and (cast(:keepVersions as integer) is null or v.number <= t.latest_version - cast(:keepVersions as integer))
              and (cast(:cutoff as timestamptz) is null or v.at < cast(:cutoff as timestamptz))
            """;

    @Scheduled(every = "10m", delay = 1, delayUnit = TimeUnit.MINUTES, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return Panache.withSession(() -> RetentionPolicy.<RetentionPolicy>listAll())
                .onItem().transformToMulti(policies -> Multi.createFrom().iterable(policies))
                .onItem().transformToUniAndConcatenate(this::apply)
                .collect().asList()
                .onFailure().invoke(e -> Log.warnf("RetentionService run failed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** A policy as set, and how many versions it removed at once. */
    public record Applied(RetentionPolicy policy, int removed) {
    }

    /** The cluster's policy, or null when it has none (everything is kept). */
    public Uni<RetentionPolicy> policy(String cluster) {
        return Panache.withSession(() -> RetentionPolicy.<RetentionPolicy>findById(cluster));
    }

    /** Sets the cluster's policy and applies it at once. */
    public Uni<Applied> set(String cluster, Integer keepVersions, Integer keepDays, String actor) {
        return Panache.withTransaction(() -> RetentionPolicy.<RetentionPolicy>findById(cluster).chain(existing -> {
                    RetentionPolicy policy = existing == null ? new RetentionPolicy() : existing;
                    policy.cluster = cluster;
                    policy.keepVersions = keepVersions;
                    policy.keepDays = keepDays;
                    policy.updatedBy = actor;
                    policy.updatedAt = Instant.now();
                    return policy.<RetentionPolicy>persist();
                }))
                .chain(policy -> apply(policy).map(removed -> new Applied(policy, removed)));
    }

    /** Deletes what the policy no longer keeps; the number of versions deleted. */
    public Uni<Integer> apply(RetentionPolicy policy) {
        if (policy.keepVersions == null && policy.keepDays == null) {
            return Uni.createFrom().item(0);
        }
        Instant cutoff = policy.keepDays == null ? null : Instant.now().minus(Duration.ofDays(policy.keepDays));
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(PRUNE)
                        .setParameter("cluster", policy.cluster)
                        .setParameter("keepVersions", policy.keepVersions)
                        .setParameter("cutoff", cutoff == null ? null : OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                        .executeUpdate()))
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("RetentionService removed %d versions in cluster %s", n, policy.cluster);
                    }
                });
    }
}
