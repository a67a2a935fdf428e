package dev.kubeatlas.workload.kube.stream;

import dev.kubeatlas.kube.ClusterClients;
import dev.kubeatlas.support.concurrent.Contexts;
import dev.kubeatlas.support.consumer.ClusterChanged;
import dev.kubeatlas.support.consumer.ClusterDirectory;
import dev.kubeatlas.workload.config.WorkloadConfig;
import dev.kubeatlas.workload.kube.ApiCatalog;
import dev.kubeatlas.workload.kube.ApiResourceType;
import dev.kubeatlas.workload.kube.CacheIndexes;
import dev.kubeatlas.workload.kube.SearchKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Informers for every registered cluster: the change stream's kinds (published as {@code ResourceChanged}) and the
 * cache-only kinds (pods, nodes, ...), whose stores serve lists and search without a LIST per request. Informers
 * start when a cluster is registered (and for every known cluster at start-up), restart when its credentials
 * change, stop when it is removed, and retry through API server outages, relisting when it is back.
 * <p>
 * A cluster's notifications are recorded one after the other. Each recording runs on a Vert.x context of its own
 * and the pipeline waits for it at most {@code kubeatlas.workload.stream.work-timeout}: one that fails is logged and
 * counted, one that takes longer is logged and counted as overdue and left to finish on its own (never cancelled
 * mid-transaction), and the next one runs; what either would have published is published by the
 * {@link StreamWatchdog}'s relist. Without that bound a single recording that never completed (a transaction
 * waiting for a row lock, or for a connection of an exhausted pool) stopped the cluster's stream for good, without a
 * log line.
 */
@ApplicationScoped
public class ClusterWatches {

    private final ClusterClients clients;
    private final ApiCatalog catalog;
    private final ChangeRecorder recorder;
    private final ClusterDirectory directory;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Duration workTimeout;
    private final Set<String> streamKinds;
    private final Set<String> cacheKinds;
    private final boolean enabled;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final Interner interner = new Interner();

    public ClusterWatches(ClusterClients clients, ApiCatalog catalog, ChangeRecorder recorder,
                          ClusterDirectory directory, Vertx vertx, MeterRegistry registry, WorkloadConfig config) {
        this.clients = clients;
        this.catalog = catalog;
        this.recorder = recorder;
        this.directory = directory;
        this.vertx = vertx;
        this.registry = registry;
        this.workTimeout = config.stream().workTimeout();
        Set<String> stream = new LinkedHashSet<>(config.stream().kinds());
        config.stream().customKinds().ifPresent(stream::addAll);
        this.streamKinds = Set.copyOf(stream);
        this.cacheKinds = Set.copyOf(config.cache().kinds());
        this.enabled = config.watch().enabled();
    }

    /** One recording: what it is about (for the log), and the database work, assembled only when its turn comes. */
    record Work(StreamState stream, String object, Supplier<Uni<Integer>> body) {
    }

    private static final int WAITING = 0;
    private static final int DONE = 1;
    private static final int OVERDUE = 2;

    /** One cluster's informers and the serial pipeline that records their notifications. */
    final class Watch {
        final String cluster;
        final Instant started = Instant.now();
        final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers = new ConcurrentHashMap<>();
        final Map<String, ApiResourceType> types = new ConcurrentHashMap<>();
        final Map<String, TrimmingStore> stores = new ConcurrentHashMap<>();
        /** The published kinds' state, by qualified name. */
        final Map<String, StreamState> streams = new ConcurrentHashMap<>();
        volatile KubernetesClient client;
        volatile MultiEmitter<? super Work> emitter;
        volatile boolean stopped;
        /** Set while a watchdog run checks this cluster, so that no other run checks it at the same time. */
        final AtomicBoolean checking = new AtomicBoolean();

        Watch(String cluster) {
            this.cluster = cluster;
            Multi.createFrom().<Work>emitter(e -> emitter = e, BackPressureStrategy.BUFFER)
                    .onItem().transformToUniAndConcatenate(this::run)
                    .subscribe().with(ignored -> { },
                            f -> Log.errorf("The change stream of cluster %s ended: %s", cluster, f.toString()));
        }

        /**
         * Queues database work for this cluster. Informers call this from their own threads; the work is assembled
         * only when its turn comes.
         */
        synchronized void submit(StreamState stream, String object, Supplier<Uni<Integer>> body) {
            MultiEmitter<? super Work> e = emitter;
            if (!stopped && e != null) {
                stream.pending.incrementAndGet();
                e.emit(new Work(stream, object, body));
            }
        }

        /**
         * Runs one recording on a fresh isolated context (its database session is its own), and waits for it at most
         * {@code work-timeout}; never fails. A recording that takes longer is not cut off: cancelling a reactive
         * transaction mid-statement closed its session under the running query (Hibernate Reactive then failed
         * inside its result handling) and could hand its connection back with the transaction still open. The
         * pipeline stops waiting and goes on with the next change; the overdue recording finishes or fails on its
         * own (its statements are bounded by {@code statement_timeout}, its connection wait by the pool), counted
         * as {@code overdue} meanwhile, and the watchdog's relist publishes whatever it could not.
         */
        private Uni<Void> run(Work work) {
            return Uni.createFrom().deferred(() -> waitFor(work));
        }

        private Uni<Void> waitFor(Work work) {
            StreamState stream = work.stream();
            CompletableFuture<Integer> recorded = new CompletableFuture<>();
            Uni.createFrom().deferred(work.body()::get)
                    .runSubscriptionOn(Contexts.executor(Contexts.isolated(vertx)))
                    .subscribe().with(recorded::complete, recorded::completeExceptionally);
            // WAITING until either the recording finishes (DONE: the pipeline accounts for it) or the wait ends
            // first (OVERDUE: the recording accounts for itself when it finishes); exactly one of the two wins
            AtomicInteger state = new AtomicInteger(WAITING);
            recorded.whenComplete((published, failure) -> {
                if (!state.compareAndSet(WAITING, DONE)) {
                    finishOverdue(work, published, failure);
                }
            });
            return Uni.createFrom().completionStage(recorded.copy())
                    .ifNoItem().after(workTimeout).recoverWithUni(() -> {
                        if (state.compareAndSet(WAITING, OVERDUE)) {
                            stream.overdue.incrementAndGet();
                            Log.warnf("Recording %s %s of cluster %s takes longer than %s; the stream goes on without it",
                                    stream.kind, work.object(), cluster, workTimeout);
                            return Uni.createFrom().nullItem();
                        }
                        return Uni.createFrom().completionStage(recorded.copy());
                    })
                    .onItemOrFailure().invoke((published, failure) -> {
                        stream.pending.decrementAndGet();
                        if (state.get() != OVERDUE) {
                            account(work, published, failure);
                        }
                    })
                    .onFailure().recoverWithNull()
                    .replaceWithVoid();
        }

        private void finishOverdue(Work work, Integer published, Throwable failure) {
            work.stream().overdue.decrementAndGet();
            account(work, published, failure);
        }

        private void account(Work work, Integer published, Throwable failure) {
            if (failure != null) {
                work.stream().errors.incrementAndGet();
                Log.warnf("Recording %s %s of cluster %s failed, the watchdog will relist it: %s",
                        work.stream().kind, work.object(), cluster, failure.toString());
            } else if (published != null) {
                work.stream().published.addAndGet(published);
            }
        }

        synchronized void stop() {
            stopped = true;
            informers.values().forEach(SharedIndexInformer::stop);
            informers.clear();
            streams.values().forEach(s -> s.unregister(registry));
            if (emitter != null) {
                emitter.complete();
            }
        }
    }

    /**
     * Watches every known cluster that is not watched yet: those registered before this instance started, and those
     * whose watch could not start (cluster-service or the cluster unreachable at the time).
     */
    @Scheduled(every = "${kubeatlas.workload.watch.reconcile:30s}", delay = 1, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reconcile() {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(directory::list)
                .invoke(known -> known.stream().map(k -> k.name).filter(name -> !watches.containsKey(name)).forEach(this::start))
                .onFailure().invoke(e -> Log.warnf("Cannot read the known clusters to watch: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        watches.values().forEach(Watch::stop);
        watches.clear();
    }

    void onChange(@Observes ClusterChanged change) {
        if (!enabled) {
            return;
        }
        switch (change.change()) {
            case REGISTERED -> start(change.name());
            case CREDENTIALS_CHANGED -> {
                if (watches.containsKey(change.name())) {
                    stop(change.name());
                    start(change.name());
                }
            }
            case REMOVED -> {
                stop(change.name());
                Uni.createFrom().deferred(() -> recorder.forget(change.name())).subscribe().with(n -> { },
                        e -> Log.warnf("Cannot forget the objects of cluster %s: %s", change.name(), e.toString()));
            }
            default -> { }
        }
    }

    /** Starts watching a cluster; nothing happens if it is watched already. */
    public void start(String cluster) {
        if (watches.containsKey(cluster)) {
            return;
        }
        Watch watch = new Watch(cluster);
        if (watches.putIfAbsent(cluster, watch) != null) {
            watch.stop();
            return;
        }
        clients.forCluster(cluster).chain(client -> catalog.types(cluster).invoke(types -> inform(watch, client, types)))
                .subscribe().with(ignored -> { }, e -> {
                    Log.warnf("Cannot watch cluster %s yet: %s", cluster, e.getMessage());
                    watches.remove(cluster, watch);
                    watch.stop();
                });
    }

    public void stop(String cluster) {
        Watch watch = watches.remove(cluster);
        if (watch != null) {
            watch.stop();
            Log.infof("Stopped watching cluster %s", cluster);
        }
    }

    /**
     * The cache of a type, with its indexes ({@link CacheIndexes}), if that type is cached for the cluster and its
     * initial list is complete.
     */
    public Optional<Indexer<GenericKubernetesResource>> cached(String cluster, ApiResourceType type) {
        Watch watch = watches.get(cluster);
        SharedIndexInformer<GenericKubernetesResource> informer = watch == null ? null : watch.informers.get(type.qualifiedName());
        if (informer == null || !informer.hasSynced()) {
            return Optional.empty();
        }
        return Optional.of(informer.getIndexer());
    }

    /** Clusters being watched, with the types each one caches. */
    public Map<String, Set<String>> watched() {
        return watches.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> Set.copyOf(e.getValue().informers.keySet())));
    }

    /** For search: every cached type of a cluster whose initial list is complete, with its objects' search keys. */
    public List<Map.Entry<ApiResourceType, Collection<SearchKey>>> caches(String cluster) {
        Watch watch = watches.get(cluster);
        List<Map.Entry<ApiResourceType, Collection<SearchKey>>> result = new ArrayList<>();
        if (watch != null) {
            watch.informers.forEach((name, informer) -> {
                TrimmingStore store = watch.stores.get(name);
                if (informer.hasSynced() && store != null) {
                    result.add(Map.entry(watch.types.get(name), store.searchKeys()));
                }
            });
        }
        return result;
    }

    private void inform(Watch watch, KubernetesClient client, List<ApiResourceType> types) {
        watch.client = client;
        for (ApiResourceType type : types) {
            boolean publish = streamKinds.contains(type.qualifiedName());
            boolean cache = cacheKinds.contains(type.qualifiedName());
            if (!(publish || cache) || !type.supports("list") || !type.supports("watch") || watch.stopped) {
                continue;
            }
            inform(watch, type, publish);
        }
        Log.infof("Watching cluster %s: %d types (%s published)", watch.cluster, watch.informers.size(),
                watch.streams.size());
    }

    /** Starts the informer of one type; a published type's objects are recorded, and it gets a {@link StreamState}. */
    private synchronized void inform(Watch watch, ApiResourceType type, boolean publish) {
        if (watch.stopped) {
            return;
        }
        SharedIndexInformer<GenericKubernetesResource> informer = watch.client.genericKubernetesResources(type.context())
                .inAnyNamespace().runnableInformer(0);
        TrimmingStore store = new TrimmingStore(interner);
        informer.itemStore(store);
        informer.addIndexers(CacheIndexes.of(type));
        StreamState stream = publish
                ? watch.streams.computeIfAbsent(type.qualifiedName(), kind -> new StreamState(watch.cluster, kind, registry))
                : null;
        informer.exceptionHandler((started, failure) -> {
            if (failure instanceof KubernetesClientException k && (k.getCode() == 403 || k.getCode() == 404)) {
                Log.warnf("Not watching %s in cluster %s: the API server answered %d", type.qualifiedName(),
                        watch.cluster, k.getCode());
                if (stream != null) {
                    stream.refused = true;
                }
                return false;
            }
            Log.debugf("Watch of %s in cluster %s interrupted (%s); retrying", type.qualifiedName(), watch.cluster,
                    failure.toString());
            return true;
        });
        if (stream != null) {
            stream.informer = informer;
            stream.refused = false;
            informer.addEventHandler(handler(watch, type, stream));
        }
        watch.types.put(type.qualifiedName(), type);
        watch.stores.put(type.qualifiedName(), store);
        watch.informers.put(type.qualifiedName(), informer);
        if (watch.stopped) {
            // stopped meanwhile (a relist racing the cluster's removal): Watch.stop did not see this informer
            informer.stop();
            return;
        }
        informer.start().whenComplete((ok, failure) -> {
            if (failure == null && stream != null) {
                // what the cache holds when the work's turn comes, not when it was queued: a recording the queue no
                // longer waits for may store an object added since, and it must not look deleted
                watch.submit(stream, "deleted meanwhile", () -> recorder.deletedMeanwhile(watch.cluster, type,
                        informer.getStore().list().stream().map(o -> o.getMetadata().getUid()).collect(Collectors.toSet())));
            }
        });
    }

    /**
     * Replaces the informer of a published type by a new one: its initial list records what the stream missed
     * (the observed versions make that idempotent: what was published already is not published again) and then
     * the objects gone meanwhile.
     */
    synchronized void relist(Watch watch, String kind, String why) {
        StreamState stream = watch.streams.get(kind);
        ApiResourceType type = watch.types.get(kind);
        if (watch.stopped || stream == null || type == null || watch.client == null) {
            return;
        }
        Log.warnf("Relisting %s of cluster %s: %s", kind, watch.cluster, why);
        stream.relists.incrementAndGet();
        SharedIndexInformer<GenericKubernetesResource> old = watch.informers.remove(kind);
        if (old != null) {
            old.stop();
        }
        inform(watch, type, true);
    }

    /** The clusters watched now. */
    Collection<Watch> watches() {
        return List.copyOf(watches.values());
    }

    /** The state of a cluster's change stream, one entry per published kind; empty if the cluster is not watched. */
    public List<StreamView> streams(String cluster) {
        Watch watch = watches.get(cluster);
        return watch == null ? List.of() : watch.streams.values().stream().map(StreamState::view)
                .sorted(Comparator.comparing(StreamView::kind)).toList();
    }

    private ResourceEventHandler<GenericKubernetesResource> handler(Watch watch, ApiResourceType type, StreamState stream) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource object) {
                submit(ChangeRecorder.Op.ADD, object);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                submit(ChangeRecorder.Op.UPDATE, after);
            }

            @Override
            public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
                submit(ChangeRecorder.Op.DELETE, object);
            }

            private void submit(ChangeRecorder.Op op, GenericKubernetesResource object) {
                stream.notified(object);
                watch.submit(stream, describe(object), () -> recorder.record(watch.cluster, type, op, object, watch.started)
                        .map(published -> published ? 1 : 0));
            }
        };
    }

    private static String describe(GenericKubernetesResource object) {
        return object.getMetadata() == null ? "?" : object.getMetadata().getNamespace() == null
                ? object.getMetadata().getName() : object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    /** Whether every informer of the cluster has completed its initial list. */
    public boolean synced(String cluster) {
        Watch watch = watches.get(cluster);
        return watch != null && !watch.informers.isEmpty()
                && watch.informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }
}
