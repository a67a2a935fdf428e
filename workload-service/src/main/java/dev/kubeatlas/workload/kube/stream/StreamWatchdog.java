package dev.kubeatlas.workload.kube.stream;

import dev.kubeatlas.support.concurrent.Contexts;
import dev.kubeatlas.workload.config.WorkloadConfig;
import dev.kubeatlas.workload.kube.ApiResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Finds change streams that stopped and heals them. Every {@code kubeatlas.workload.stream.watchdog.interval}, for
 * each published kind of each watched cluster, it LISTs the kind and compares the resourceVersions by uid with the
 * informer's cache (a watch closed or silent misses changes) and, when no recording is pending, with what was
 * published (a recording that failed or was given up). A difference still there after
 * {@code kubeatlas.workload.stream.watchdog.grace}, or a watch found closed at two checks in a row while a LIST
 * answers, makes it relist
 * the kind ({@link ClusterWatches#relist}), which publishes what was missed once.
 * <p>
 * The LIST runs on a worker thread, the database reads on an isolated context of the watchdog's own, and no
 * database session is open during the LIST.
 */
@ApplicationScoped
public class StreamWatchdog {

    /** How many clusters one run checks at the same time. */
    static final int CLUSTERS_AT_ONCE = 4;

    private final ClusterWatches watches;
    private final ChangeRecorder recorder;
    private final Vertx vertx;
    private final Duration grace;

    public StreamWatchdog(ClusterWatches watches, ChangeRecorder recorder, Vertx vertx, WorkloadConfig config) {
        this.watches = watches;
        this.recorder = recorder;
        this.vertx = vertx;
        this.grace = config.stream().watchdog().grace();
    }

    @Scheduled(every = "${kubeatlas.workload.stream.watchdog.interval:60s}", delay = 10, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.PROCEED, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        // clusters are checked side by side, each on an isolated context of its own so that no two database
        // sessions meet. A run takes a cluster only when no earlier run is still checking it, and claims it when
        // its turn comes: a slow or unreachable cluster holds up neither the other clusters of its run nor the
        // next runs, which go on checking every other cluster at every interval
        return Multi.createFrom().iterable(watches.watches())
                .select().where(watch -> watch.checking.compareAndSet(false, true))
                .onItem().transformToUni(watch -> check(watch).eventually(() -> watch.checking.set(false)))
                .merge(CLUSTERS_AT_ONCE)
                .collect().last()
                .replaceWithVoid();
    }

    /**
     * Checks every published kind of one cluster, one after the other; never fails. The first check that fails
     * (the cluster does not answer a LIST, or the database a read) ends this cluster's round: the next interval
     * tries again, rather than every kind waiting out the same failure.
     */
    Uni<Void> check(ClusterWatches.Watch watch) {
        Executor context = Contexts.executor(Contexts.isolated(vertx));
        return Multi.createFrom().iterable(watch.streams.values())
                .onItem().transformToUniAndConcatenate(stream -> check(watch, stream, context)
                        .onFailure().invoke(e -> Log.debugf("Cannot check %s of cluster %s: %s", stream.kind,
                                watch.cluster, e.toString())))
                .collect().last()
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Checks one kind; relists it if it missed changes. */
    Uni<Void> check(ClusterWatches.Watch watch, StreamState stream, Executor context) {
        SharedIndexInformer<GenericKubernetesResource> informer = stream.informer;
        ApiResourceType type = watch.types.get(stream.kind);
        if (stream.refused || informer == null || type == null || watch.stopped) {
            return Uni.createFrom().voidItem();
        }
        stream.lastCheckAt = Instant.now();
        if (!informer.isRunning()) {
            watches.relist(watch, stream.kind, "its informer stopped");
            return Uni.createFrom().voidItem();
        }
        if (!informer.hasSynced()) {
            return Uni.createFrom().voidItem();
        }
        boolean closed = !informer.isWatching();
        boolean closedBefore = stream.notWatchingAtLastCheck;
        stream.notWatchingAtLastCheck = closed;
        // a kind is relisted only once a LIST answers: while the API server cannot be reached, the informer retries
        return Uni.createFrom().item(() -> watch.client.genericKubernetesResources(type.context()).inAnyNamespace().list())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(context)
                .chain(listed -> closed && closedBefore ? Uni.createFrom().item(Optional.of("its watch is closed"))
                        : difference(watch, stream, type, listed, context)
                        .chain(first -> first.isEmpty() ? Uni.createFrom().item(first)
                                : Uni.createFrom().voidItem().onItem().delayIt().by(grace).emitOn(context)
                                .chain(() -> difference(watch, stream, type, listed, context))))
                .invoke(missed -> missed.ifPresent(why -> watches.relist(watch, stream.kind, why)))
                .replaceWithVoid();
    }

    /** What the cache or the published versions lack of the LIST, if anything. */
    private Uni<Optional<String>> difference(ClusterWatches.Watch watch, StreamState stream, ApiResourceType type,
                                             GenericKubernetesResourceList listed, Executor context) {
        Map<String, String> cached = new HashMap<>();
        stream.informer.getStore().list().forEach(o -> cached.put(o.getMetadata().getUid(), o.getMetadata().getResourceVersion()));
        Optional<String> cache = Versions.missed(Versions.of(listed), listed.getMetadata().getResourceVersion(), cached)
                .map(uid -> "the informer's cache lacks a listed version (uid " + uid + ")");
        if (cache.isPresent() || stream.pending.get() > 0) {
            return Uni.createFrom().item(cache);
        }
        return Uni.createFrom().deferred(() -> recorder.published(watch.cluster, type))
                .runSubscriptionOn(context)
                .map(published -> Versions.missed(Versions.of(listed), listed.getMetadata().getResourceVersion(), published)
                        .map(uid -> "a listed version was never published (uid " + uid + ")"));
    }
}
