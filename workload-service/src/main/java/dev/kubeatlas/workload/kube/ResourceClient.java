package dev.kubeatlas.workload.kube;

import dev.kubeatlas.kube.ClusterClients;
import dev.kubeatlas.kube.KubeErrors;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.workload.kube.stream.ClusterWatches;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one door to the clusters' API servers for reading and changing objects of any type. A request resolves its
 * {@link ClusterTarget} once ({@link #target}); every call then runs fabric8's blocking client on a worker thread
 * and comes back to the caller's context, with failures translated to problems ({@link KubeErrors}). Types the
 * service caches are listed from the informer cache.
 */
@ApplicationScoped
public class ResourceClient {

    private final ClusterClients clients;
    private final ApiCatalog catalog;
    private final ClusterWatches watches;

    public ResourceClient(ClusterClients clients, ApiCatalog catalog, ClusterWatches watches) {
        this.clients = clients;
        this.catalog = catalog;
        this.watches = watches;
    }

    /** One page of a list; {@code continueToken} is null on the last page. */
    public record Page(List<KubeObject> items, String continueToken, String resourceVersion) {
    }

    /** The cluster, the type {@code resource} names there (as kubectl accepts it) and the cluster's client. */
    public Uni<ClusterTarget> target(String cluster, String resource) {
        return catalog.resolve(cluster, resource).chain(type -> target(cluster, type));
    }

    /** A target of a type already resolved for the cluster. */
    public Uni<ClusterTarget> target(String cluster, ApiResourceType type) {
        return clients.forCluster(cluster).map(client -> new ClusterTarget(cluster, type, client))
                .onFailure().transform(e -> KubeErrors.translate(cluster, e));
    }

    /** A target of the type with this group and plural, if the cluster serves it. */
    public Uni<ClusterTarget> target(String cluster, String group, String plural) {
        return catalog.resolve(cluster, group, plural).chain(type -> target(cluster, type));
    }

    /** Whether the type's objects are answered from an informer cache for this cluster now. */
    public boolean cached(ClusterTarget target) {
        return watches.cached(target.cluster(), target.type()).isPresent();
    }

    /**
     * A page of objects: from the informer cache when the type is cached (narrowed by its indexes, selected and
     * paged on a worker thread), else from the API server with the selectors, limit and continue token passed on.
     */
    public Uni<Page> list(ClusterTarget target, String namespace, String labelSelector, String fieldSelector,
                          Integer limit, String continueToken) {
        ApiResourceType type = target.type();
        Optional<Indexer<GenericKubernetesResource>> cached = watches.cached(target.cluster(), type);
        if (cached.isPresent()) {
            return Blocking.call(() -> CachedLists.page(type, cached.get(), type.namespaced() ? namespace : null,
                    labelSelector, fieldSelector, limit, continueToken));
        }
        return call(target, client -> {
            MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                    client.genericKubernetesResources(type.context());
            ListOptionsBuilder options = new ListOptionsBuilder().withLabelSelector(blankToNull(labelSelector))
                    .withFieldSelector(blankToNull(fieldSelector)).withLimit(limit == null ? null : limit.longValue())
                    .withContinue(blankToNull(continueToken));
            GenericKubernetesResourceList list = type.namespaced() && namespace != null && !namespace.isBlank()
                    ? op.inNamespace(namespace).list(options.build()) : op.inAnyNamespace().list(options.build());
            String next = list.getMetadata() == null ? null : blankToNull(list.getMetadata().getContinue());
            return new Page(KubeObject.all(list.getItems()), next,
                    list.getMetadata() == null ? null : list.getMetadata().getResourceVersion());
        });
    }

    /** The object, or null when there is none. */
    public Uni<KubeObject> get(ClusterTarget target, String namespace, String name) {
        return call(target, client -> KubeObject.of(one(client, target.type(), namespace, name).get()));
    }

    public Uni<KubeObject> create(ClusterTarget target, String namespace, KubeObject object, boolean dryRun) {
        return call(target, client -> {
            var op = client.genericKubernetesResources(target.type().context());
            var one = namespace == null ? op.resource(object.resource()) : op.inNamespace(namespace).resource(object.resource());
            return KubeObject.of(dryRun ? one.dryRun().create() : one.create());
        });
    }

    /** Replaces the object; a stale {@code metadata.resourceVersion} is a 409. */
    public Uni<KubeObject> update(ClusterTarget target, String namespace, KubeObject object, boolean dryRun) {
        return call(target, client -> {
            var op = client.genericKubernetesResources(target.type().context());
            var one = namespace == null ? op.resource(object.resource()) : op.inNamespace(namespace).resource(object.resource());
            return KubeObject.of(dryRun ? one.dryRun().update() : one.update());
        });
    }

    public Uni<KubeObject> patch(ClusterTarget target, String namespace, String name, PatchKind kind, String patch,
                                 boolean dryRun) {
        return call(target, client -> {
            Resource<GenericKubernetesResource> one = one(client, target.type(), namespace, name);
            PatchContext context = new PatchContext.Builder().withPatchType(kind.fabric8()).build();
            return KubeObject.of(dryRun ? one.dryRun().patch(context, patch) : one.patch(context, patch));
        });
    }

    /**
     * Deletes the object with the propagation policy ({@link #PROPAGATIONS}); answers the object as it was, or null
     * when there was none (then nothing is deleted).
     */
    public Uni<KubeObject> delete(ClusterTarget target, String namespace, String name, String propagation,
                                  boolean dryRun) {
        DeletionPropagation policy = DeletionPropagation.valueOf(propagation.toUpperCase(Locale.ROOT));
        return call(target, client -> {
            Resource<GenericKubernetesResource> one = one(client, target.type(), namespace, name);
            GenericKubernetesResource existing = one.get();
            if (existing == null) {
                return null;
            }
            var deletable = dryRun ? one.dryRun() : one;
            deletable.withPropagationPolicy(policy).delete();
            return KubeObject.of(existing);
        });
    }

    /** The deletion propagation policies, as the API names them. */
    public static final List<String> PROPAGATIONS = List.of("Foreground", "Background", "Orphan");

    /** Runs blocking fabric8 work against the target's cluster, off the event loop, with its failures translated. */
    <T> Uni<T> call(ClusterTarget target, Function<KubernetesClient, T> work) {
        return Blocking.call(() -> work.apply(target.client()))
                .onFailure().transform(e -> KubeErrors.translate(target.cluster(), e));
    }

    private static Resource<GenericKubernetesResource> one(KubernetesClient client, ApiResourceType type,
                                                           String namespace, String name) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                client.genericKubernetesResources(type.context());
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> scoped =
                type.namespaced() ? op.inNamespace(namespaceOf(type, namespace)) : op;
        return scoped.withName(name);
    }

    /** The namespace a call on a type uses: none for cluster-scoped types; a namespaced one needs it (400). */
    public static String namespaceOf(ApiResourceType type, String namespace) {
        if (!type.namespaced()) {
            return null;
        }
        if (namespace == null || namespace.isBlank()) {
            throw ProblemException.badRequest("namespace-required",
                    type.qualifiedName() + " is namespaced: give ?namespace=");
        }
        return namespace;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
