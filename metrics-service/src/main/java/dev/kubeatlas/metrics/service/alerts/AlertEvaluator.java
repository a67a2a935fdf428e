package dev.kubeatlas.metrics.service.alerts;

import dev.kubeatlas.metrics.events.AlertPublisher;
import dev.kubeatlas.metrics.model.Alert;
import dev.kubeatlas.metrics.model.AlertRule;
import dev.kubeatlas.metrics.model.ClusterSnapshot;
import dev.kubeatlas.metrics.service.collection.Samples;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.consumer.KnownCluster;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import jakarta.persistence.LockModeType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Runs the rules over one collection's samples: a match opens a {@code pending} alert, which turns {@code firing}
 * once the condition has held for the rule's duration; when it no longer holds (or the target is gone) the alert is
 * {@code resolved}. Every change of state, and only a change, is published on {@code kubeatlas.metrics.alerts} in
 * the same transaction.
 */
@ApplicationScoped
public class AlertEvaluator {

    private final AlertPublisher publisher;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> firing = new ConcurrentHashMap<>();

    public AlertEvaluator(AlertPublisher publisher, MeterRegistry registry) {
        this.publisher = publisher;
        this.registry = registry;
    }

    /** The gauge {@code kubeatlas.metrics.alerts.firing} of a cluster. */
    private AtomicLong firing(String cluster) {
        return firing.computeIfAbsent(cluster, c -> registry.gauge("kubeatlas.metrics.alerts.firing",
                Tags.of("cluster", c), new AtomicLong()));
    }

    /** Forgets the gauge of a cluster that is no longer registered. */
    public void forget(String cluster) {
        firing.remove(cluster);
    }

    /**
     * Runs the rules of a registered cluster; false, with nothing changed, when the cluster was removed meanwhile.
     * The cluster's row in the directory is held (shared) until the transaction ends, so a removal waits for the
     * evaluation, and its resolution of the cluster's alerts sees what the evaluation wrote.
     */
    public Uni<Boolean> evaluate(String cluster, List<Samples.Sample> samples, ClusterSnapshot snapshot) {
        return Panache.withTransaction(() -> KnownCluster.<KnownCluster>findById(cluster, LockModeType.PESSIMISTIC_READ)
                .chain(known -> known == null ? Uni.createFrom().item(false)
                        : evaluateKnown(cluster, samples, snapshot).replaceWith(true)));
    }

    private Uni<Void> evaluateKnown(String cluster, List<Samples.Sample> samples, ClusterSnapshot snapshot) {
        Instant at = snapshot.at();
        return AlertRule.<AlertRule>list("enabled = true and (cluster is null or cluster = ?1)", cluster)
                .chain(rules -> Alert.<Alert>list("cluster = ?1 and state <> ?2", cluster, Alert.RESOLVED)
                        // every rule against every sample: CPU work, on a worker thread, back on this session's context
                        .chain(active -> Blocking.call(() -> matches(rules, samples, snapshot)).chain(matches -> {
                    Map<String, AlertRule> rulesById = new HashMap<>();
                    rules.forEach(r -> rulesById.put(r.id, r));
                    Map<String, Alert> open = new HashMap<>();
                    active.forEach(a -> open.put(a.ruleId + "|" + a.target, a));
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Match match : matches) {
                        Alert alert = open.remove(match.rule().id + "|" + match.sample().target());
                        chain = chain.chain(() -> step(cluster, match.rule(), match.sample(), alert, at));
                    }
                    for (Alert gone : open.values()) {
                        AlertRule rule = rulesById.get(gone.ruleId);
                        if (rule != null) {
                            chain = chain.chain(() -> change(cluster, rule, gone, Alert.RESOLVED, gone.value, at));
                        }
                    }
                    return chain.call(() -> Alert.count("cluster = ?1 and state = ?2", cluster, Alert.FIRING)
                            .invoke(n -> firing(cluster).set(n)));
                })));
    }

    /** A rule and a sample it looks at. */
    record Match(AlertRule rule, Samples.Sample sample) {
    }

    /** Each rule with each sample of its metric within its scope, in rule order. */
    static List<Match> matches(List<AlertRule> rules, List<Samples.Sample> samples, ClusterSnapshot snapshot) {
        Map<String, ClusterSnapshot.PodStats> pods = new HashMap<>();
        snapshot.pods().forEach(p -> pods.put("pod/" + p.namespace() + "/" + p.name(), p));
        List<Match> matches = new ArrayList<>();
        for (AlertRule rule : rules) {
            for (Samples.Sample sample : samples) {
                if (rule.metric.equals(sample.metric()) && AlertScopes.applies(rule, sample.target(), pods)) {
                    matches.add(new Match(rule, sample));
                }
            }
        }
        return matches;
    }

    /**
     * What one sample does to a rule's alert on a target, from {@code state} (null: no open alert) held since
     * {@code since}: the state it moves to, or null when it stays as it is. A match opens a {@code pending} alert
     * ({@code firing} at once for a rule without duration); pending turns firing once the condition has held for the
     * rule's duration; an open alert whose condition no longer holds is resolved.
     */
    static String transition(AlertRule rule, String state, Instant since, double value, Instant at) {
        boolean holds = rule.matches(value);
        if (state == null) {
            return !holds ? null : rule.durationSeconds == 0 ? Alert.FIRING : Alert.PENDING;
        }
        if (!holds) {
            return Alert.RESOLVED;
        }
        if (Alert.PENDING.equals(state) && !since.plus(Duration.ofSeconds(rule.durationSeconds)).isAfter(at)) {
            return Alert.FIRING;
        }
        return null;
    }

    /**
     * Resolves every pending or firing alert of a removed cluster, in the caller's transaction, each published once:
     * the alerts are locked, so a second resolution running at the same time finds none left open.
     */
    public Uni<Integer> resolveRemoved(String cluster, Instant at) {
        return resolve(Alert.<Alert>find("cluster = ?1 and state <> ?2", cluster, Alert.RESOLVED), at);
    }

    /** Resolves the open alerts of every cluster the directory no longer has (a removal whose resolution failed). */
    public Uni<Integer> resolveOrphans(Instant at) {
        return resolve(Alert.<Alert>find("state <> ?1 and cluster not in (select k.name from KnownCluster k)",
                Alert.RESOLVED), at);
    }

    private Uni<Integer> resolve(PanacheQuery<Alert> open, Instant at) {
        return open.withLock(LockModeType.PESSIMISTIC_WRITE).list().chain(alerts -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Alert alert : alerts) {
                chain = chain.chain(() -> AlertRule.<AlertRule>findById(alert.ruleId)
                        .chain(rule -> change(alert.cluster, rule, alert, Alert.RESOLVED, alert.value, at)));
            }
            return chain.replaceWith(alerts.size());
        });
    }

    private Uni<Void> step(String cluster, AlertRule rule, Samples.Sample sample, Alert alert, Instant at) {
        String next = transition(rule, alert == null ? null : alert.state, alert == null ? at : alert.since,
                sample.value(), at);
        if (alert == null) {
            if (next == null) {
                return Uni.createFrom().voidItem();
            }
            Alert fresh = new Alert();
            fresh.id = UUID.randomUUID().toString();
            fresh.ruleId = rule.id;
            fresh.cluster = cluster;
            fresh.target = sample.target();
            fresh.since = at;
            fresh.state = null;
            return change(cluster, rule, fresh, next, sample.value(), at);
        }
        if (next != null) {
            return change(cluster, rule, alert, next, sample.value(), at);
        }
        alert.value = sample.value();
        alert.updatedAt = at;
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> change(String cluster, AlertRule rule, Alert alert, String state, double value, Instant at) {
        String previous = alert.state;
        alert.state = state;
        alert.value = value;
        alert.updatedAt = at;
        if (Alert.RESOLVED.equals(state)) {
            alert.resolvedAt = at;
        }
        return alert.persist()
                .chain(() -> publisher.stateChanged(rule, alert, previous))
                .invoke(() -> Log.infof("Alert %s on %s/%s: %s -> %s (%s = %.1f)", rule.id, cluster, alert.target,
                        previous, state, rule.metric, value))
                .replaceWithVoid();
    }
}
