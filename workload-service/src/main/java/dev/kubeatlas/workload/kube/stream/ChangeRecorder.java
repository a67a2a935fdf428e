package dev.kubeatlas.workload.kube.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.events.resource.v1.ResourceChanged;
import dev.kubeatlas.workload.config.WorkloadConfig;
import dev.kubeatlas.workload.events.WorkloadEventPublisher;
import dev.kubeatlas.workload.kube.ApiResourceType;

import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.kube.SecretDigest;
import dev.kubeatlas.workload.model.ObservedObject;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Turns watch notifications into {@code ResourceChanged} events, publishing only real changes: the last published
 * version of every object is kept in {@code observed_object}, so a relist (after an outage, or a restart) publishes
 * what changed meanwhile and nothing else, and a change of {@code status} alone publishes nothing.
 * Every transaction here is local (no remote call inside) and its statements are bounded by
 * {@code statement_timeout}, so a row lock or a slow database fails the recording instead of holding it forever.
 */
@ApplicationScoped
public class ChangeRecorder {


    public enum Op { ADD, UPDATE, DELETE }

    private final WorkloadEventPublisher events;
    private final Attribution attribution;
    private final long statementTimeoutMillis;

    private final SecretDigest digest;

    public ChangeRecorder(WorkloadEventPublisher events, Attribution attribution, SecretDigest digest,
                          WorkloadConfig config) {
        this.digest = digest;
        this.events = events;
        this.attribution = attribution;
        // by default half the time the pipeline waits for a recording, so the database gives up (and rolls back)
        // before the pipeline stops waiting
        this.statementTimeoutMillis = Math.max(1, config.stream().statementTimeout()
                .orElse(config.stream().workTimeout().dividedBy(2)).toMillis());
    }

    /**
     * @param watchStarted objects created before it and not seen before are the state found, {@code BASELINE}
     * @return whether an event was published
     */
    public Uni<Boolean> record(String cluster, ApiResourceType type, Op op, GenericKubernetesResource object,
                            Instant watchStarted) {
        ObjectMeta meta = object.getMetadata();
        if (meta == null || meta.getUid() == null) {
            return Uni.createFrom().item(false);
        }
        ObjectNode streamed = Manifests.forStream(type, object, digest);
        String hash = Manifests.contentHash(streamed);
        return inTransaction(() -> ObservedObject.<ObservedObject>findById(new ObservedObject.Key(cluster, meta.getUid()))
                .chain(seen -> {
                    if (op == Op.DELETE) {
                        Uni<?> forget = seen == null ? Uni.createFrom().voidItem() : seen.delete();
                        return forget.chain(() -> publish(cluster, type, meta, "DELETED", streamed, hash));
                    }
                    if (seen != null) {
                        if (seen.resourceVersion.equals(meta.getResourceVersion())) {
                            return Uni.createFrom().item(false);
                        }
                        seen.resourceVersion = meta.getResourceVersion();
                        if (seen.contentHash.equals(hash)) {
                            return Uni.createFrom().item(false);
                        }
                        seen.contentHash = hash;
                        return publish(cluster, type, meta, "MODIFIED", streamed, hash);
                    }
                    ObservedObject fresh = new ObservedObject();
                    fresh.cluster = cluster;
                    fresh.uid = meta.getUid();
                    fresh.resource = type.qualifiedName();
                    fresh.namespace = meta.getNamespace();
                    fresh.name = meta.getName();
                    fresh.resourceVersion = meta.getResourceVersion();
                    fresh.contentHash = hash;
                    String changeType = op == Op.ADD && createdBefore(meta, watchStarted) ? "BASELINE"
                            : op == Op.ADD ? "ADDED" : "MODIFIED";
                    return fresh.persist().chain(() -> publish(cluster, type, meta, changeType, streamed, hash));
                }));
    }

    /**
     * After a (re)list: objects published before that the cluster no longer has were deleted while nobody watched.
     */
    public Uni<Integer> deletedMeanwhile(String cluster, ApiResourceType type, Set<String> presentUids) {
        return inTransaction(() -> ObservedObject.<ObservedObject>list("cluster = ?1 and resource = ?2",
                        cluster, type.qualifiedName())
                .chain(rows -> {
                    List<ObservedObject> gone = rows.stream().filter(r -> !presentUids.contains(r.uid)).toList();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (ObservedObject row : gone) {
                        ObjectMeta meta = new ObjectMeta();
                        meta.setUid(row.uid);
                        meta.setName(row.name);
                        meta.setNamespace(row.namespace);
                        meta.setResourceVersion(row.resourceVersion);
                        chain = chain.chain(() -> row.delete())
                                .chain(() -> publish(cluster, type, meta, "DELETED", null, null)).replaceWithVoid();
                    }
                    return chain.replaceWith(gone.size());
                }));
    }

    /** The published resourceVersion of every object of a type, by uid: what the watchdog compares a LIST with. */
    public Uni<Map<String, String>> published(String cluster, ApiResourceType type) {
        return Panache.withSession(() -> ObservedObject.<ObservedObject>list("cluster = ?1 and resource = ?2",
                        cluster, type.qualifiedName()))
                .map(rows -> rows.stream().collect(Collectors.toMap(r -> r.uid, r -> r.resourceVersion)));
    }

    /** Forgets every object of a removed cluster; nothing is published. */
    public Uni<Long> forget(String cluster) {
        return Panache.withTransaction(() -> ObservedObject.delete("cluster", cluster));
    }

    /** A transaction whose statements the database cancels after {@link #statementTimeoutMillis}. */
    private <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("select set_config('statement_timeout', '"
                        + statementTimeoutMillis + "', true)").getSingleResult())
                .chain(work::get));
    }

    private Uni<Boolean> publish(String cluster, ApiResourceType type, ObjectMeta meta, String changeType,
                              ObjectNode manifest, String hash) {
        Optional<String> actor = attribution.actorOf(cluster, meta.getUid(), meta.getResourceVersion(),
                "DELETED".equals(changeType));
        ResourceChanged data = new ResourceChanged(cluster, type.apiVersion(), type.kind(), type.qualifiedName(),
                meta.getNamespace(), meta.getName(), meta.getUid(), meta.getResourceVersion(), changeType,
                actor.isPresent() ? "kubeatlas" : "external", actor.orElse(null), manifest, hash);
        return events.resourceChanged(data)
                .invoke(() -> Log.debugf("%s %s %s/%s in %s", changeType, type.qualifiedName(), meta.getNamespace(),
                        meta.getName(), cluster))
                .replaceWith(true);
    }

    private static boolean createdBefore(ObjectMeta meta, Instant watchStarted) {
        if (watchStarted == null || meta.getCreationTimestamp() == null) {
            return true;
        }
        try {
            return Instant.parse(meta.getCreationTimestamp()).isBefore(watchStarted);
        } catch (RuntimeException e) {
            return true;
        }
    }
}
