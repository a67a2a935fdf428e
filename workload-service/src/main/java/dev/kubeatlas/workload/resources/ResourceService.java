package dev.kubeatlas.workload.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.kube.ClusterClients;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.names.KubeNames;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.selector.Selectors;
import dev.kubeatlas.workload.audit.Audit;
import dev.kubeatlas.workload.audit.Caller;
import dev.kubeatlas.workload.kube.ApiCatalog;
import dev.kubeatlas.workload.kube.ApiResourceType;
import dev.kubeatlas.kube.KubeErrors;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.stream.Attribution;
import dev.kubeatlas.workload.stream.ClusterWatches;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and changes any resource of any registered cluster through fabric8's generic client, with the type
 * resolved from the cluster's discovery. Every change is authorized by platform role, audited, and remembered for
 * the change stream's attribution.
 */
@ApplicationScoped
public class ResourceService {

    private final ClusterClients clients;
    private final ApiCatalog catalog;
    private final Audit audit;
    private final Attribution attribution;
    private final ClusterWatches watches;

    public ResourceService(ClusterClients clients, ApiCatalog catalog, Audit audit, Attribution attribution,
                           ClusterWatches watches) {
        this.clients = clients;
        this.catalog = catalog;
        this.audit = audit;
        this.attribution = attribution;
        this.watches = watches;
    }

    /**
     * One page of a list. {@code continueToken} is null on the last page. Types the service caches (see
     * {@link ClusterWatches}) are listed from the informer cache, the others from the API server.
     */
    public record Listing(ApiResourceType type, List<GenericKubernetesResource> items, String continueToken,
                         String resourceVersion) {
    }

    public Uni<Listing> list(String cluster, String resource, String namespace, String labelSelector,
                             String fieldSelector, Integer limit, String continueToken) {
        // selectors are checked here whether the cache or the API server answers: nothing malformed is sent on
        Selectors.labels(labelSelector);
        Selectors.fields(fieldSelector);
        return catalog.resolve(cluster, resource).chain(type -> {
            require(type, "list");
            Optional<List<GenericKubernetesResource>> cached = watches.cached(cluster, type);
            if (cached.isPresent()) {
                return Uni.createFrom().item(() -> CachedLists.page(type, cached.get(), type.namespaced() ? namespace : null,
                        labelSelector, fieldSelector, limit, continueToken));
            }
            return onCluster(cluster, client -> {
                MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                        client.genericKubernetesResources(type.context());
                ListOptionsBuilder options = new ListOptionsBuilder().withLabelSelector(blankToNull(labelSelector))
                        .withFieldSelector(blankToNull(fieldSelector)).withLimit(limit == null ? null : limit.longValue())
                        .withContinue(blankToNull(continueToken));
                GenericKubernetesResourceList list = type.namespaced() && namespace != null && !namespace.isBlank()
                        ? op.inNamespace(namespace).list(options.build()) : op.inAnyNamespace().list(options.build());
                String next = list.getMetadata() == null ? null : blankToNull(list.getMetadata().getContinue());
                return new Listing(type, list.getItems(), next,
                        list.getMetadata() == null ? null : list.getMetadata().getResourceVersion());
            });
        });
    }

    public Uni<Fetched> get(String cluster, String resource, String namespace, String name) {
        return catalog.resolve(cluster, resource).chain(type -> {
            require(type, "get");
            return onCluster(cluster, client -> {
                GenericKubernetesResource found = one(client, type, namespace, name).get();
                if (found == null) {
                    throw notFound(type, namespace, name);
                }
                return new Fetched(type, found);
            });
        });
    }

    /** An object with its type. */
    public record Fetched(ApiResourceType type, GenericKubernetesResource object) {
    }

    public Uni<Fetched> create(Caller caller, String cluster, String resource, String namespace, ObjectNode body,
                               boolean dryRun) {
        return catalog.resolve(cluster, resource).chain(type -> {
            require(type, "create");
            Manifests.refuseRedactedValues(body, false);
            GenericKubernetesResource object = Manifests.toResource(body);
            checkKind(type, object);
            String ns = namespaceForCreate(type, namespace, object);
            String name = object.getMetadata() == null ? null : object.getMetadata().getName();
            if (name != null) {
                KubeNames.object("metadata.name", name);
            }
            return mutation(caller, type, new Audit.Target(cluster, "create", type.qualifiedName(), ns, name, dryRun),
                    client -> {
                        var op = client.genericKubernetesResources(type.context());
                        var target = ns == null ? op.resource(object) : op.inNamespace(ns).resource(object);
                        return new Fetched(type, dryRun ? target.dryRun().create() : target.create());
                    });
        });
    }

    /** PUT: replaces the object; a stale {@code metadata.resourceVersion} is a 409. */
    public Uni<Fetched> replace(Caller caller, String cluster, String resource, String namespace, String name,
                                ObjectNode body, boolean dryRun) {
        return catalog.resolve(cluster, resource).chain(type -> {
            require(type, "update");
            Manifests.refuseRedactedValues(body, false);
            GenericKubernetesResource object = Manifests.toResource(body);
            checkKind(type, object);
            String ns = namespaceOf(type, namespace);
            if (object.getMetadata() == null || !name.equals(object.getMetadata().getName())) {
                throw ProblemException.badRequest("name-mismatch", "metadata.name must be '" + name + "'");
            }
            if (ns != null) {
                object.getMetadata().setNamespace(ns);
            }
            return mutation(caller, type, new Audit.Target(cluster, "update", type.qualifiedName(), ns, name, dryRun),
                    client -> {
                        var op = client.genericKubernetesResources(type.context());
                        var target = ns == null ? op.resource(object) : op.inNamespace(ns).resource(object);
                        return new Fetched(type, dryRun ? target.dryRun().update() : target.update());
                    });
        });
    }

    /**
     * PATCH with the body's content type: {@code application/merge-patch+json} (also plain JSON or YAML),
     * {@code application/json-patch+json} or {@code application/strategic-merge-patch+json}.
     */
    public Uni<Fetched> patch(Caller caller, String cluster, String resource, String namespace, String name,
                              String contentType, String body, boolean dryRun, String action) {
        PatchType patchType = patchType(contentType);
        ObjectNode merge = patchType == PatchType.JSON ? null : Manifests.parse(body, contentType);
        String patch = merge == null ? Manifests.parseJsonPatch(body).toString() : merge.toString();
        return catalog.resolve(cluster, resource).chain(type -> {
            if (merge != null) {
                Manifests.refuseRedactedValues(merge, type.is("", "secrets"));
            } else if (type.is("", "secrets")) {
                if (!Access.mayReveal(caller)) {
                    Manifests.refuseSecretReads(Manifests.parseJsonPatch(body));
                }
                if (patch.contains(Manifests.REDACTED)) {
                    throw ProblemException.unprocessable("secret-value-redacted", "Redacted Secret value",
                            "The patch writes the placeholder " + Manifests.REDACTED + " into the Secret");
                }
            }
            return patch(caller, cluster, type, namespace, name, patchType, patch, dryRun, action, r -> null);
        });
    }

    /** A merge or JSON patch of a resolved type, audited as {@code action}. */
    public Uni<Fetched> patch(Caller caller, String cluster, ApiResourceType type, String namespace, String name,
                              PatchType patchType, String patch, boolean dryRun, String action,
                              Function<Fetched, String> detail) {
        require(type, "patch");
        String ns = namespaceOf(type, namespace);
        return audit.audited(caller, new Audit.Target(cluster, action, type.qualifiedName(), ns, name, dryRun),
                () -> permitted(caller, type).chain(() -> onCluster(cluster, client -> {
                    Resource<GenericKubernetesResource> target = one(client, type, ns, name);
                    PatchContext context = new PatchContext.Builder().withPatchType(patchType).build();
                    GenericKubernetesResource patched = dryRun ? target.dryRun().patch(context, patch) : target.patch(context, patch);
                    return new Fetched(type, patched);
                })).invoke(f -> remember(cluster, f, caller, dryRun)), detail);
    }

    public Uni<Void> delete(Caller caller, String cluster, String resource, String namespace, String name,
                            String propagation, boolean dryRun) {
        DeletionPropagation policy = propagation(propagation);
        return catalog.resolve(cluster, resource).chain(type -> {
            require(type, "delete");
            String ns = namespaceOf(type, namespace);
            return audit.audited(caller, new Audit.Target(cluster, "delete", type.qualifiedName(), ns, name, dryRun),
                    () -> permitted(caller, type).chain(() -> onCluster(cluster, client -> {
                        Resource<GenericKubernetesResource> target = one(client, type, ns, name);
                        GenericKubernetesResource existing = target.get();
                        if (existing == null) {
                            throw notFound(type, ns, name);
                        }
                        var deletable = dryRun ? target.dryRun() : target;
                        deletable.withPropagationPolicy(policy).delete();
                        if (!dryRun) {
                            attribution.deleted(cluster, existing.getMetadata().getUid(), caller.name());
                        }
                        return existing;
                    })), r -> "propagation " + policy.name().toLowerCase(Locale.ROOT)).replaceWithVoid();
        });
    }

    /** Runs blocking fabric8 work against a cluster, off the event loop, with its failures translated. */
    public <T> Uni<T> onCluster(String cluster, Function<KubernetesClient, T> work) {
        return clients.forCluster(cluster)
                .chain(client -> Blocking.call(() -> work.apply(client)))
                .onFailure().transform(e -> KubeErrors.translate(cluster, e));
    }

    public static Resource<GenericKubernetesResource> one(KubernetesClient client, ApiResourceType type,
                                                          String namespace, String name) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                client.genericKubernetesResources(type.context());
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> scoped =
                type.namespaced() ? op.inNamespace(namespaceOf(type, namespace)) : op;
        return scoped.withName(name);
    }

    private Uni<Fetched> mutation(Caller caller, ApiResourceType type, Audit.Target target,
                                  Function<KubernetesClient, Fetched> work) {
        return audit.audited(caller, target, () -> permitted(caller, type).chain(() -> onCluster(target.cluster(), work))
                .invoke(f -> remember(target.cluster(), f, caller, target.dryRun())), f -> null);
    }

    /** The role check, as part of the audited attempt: a refused change is audited too. */
    private static Uni<Void> permitted(Caller caller, ApiResourceType type) {
        return Uni.createFrom().voidItem().invoke(() -> Access.requireWrite(caller, type));
    }

    private void remember(String cluster, Fetched fetched, Caller caller, boolean dryRun) {
        if (!dryRun && fetched.object().getMetadata() != null) {
            attribution.changed(cluster, fetched.object().getMetadata().getUid(),
                    fetched.object().getMetadata().getResourceVersion(), caller.name());
        }
    }

    static String namespaceOf(ApiResourceType type, String namespace) {
        if (!type.namespaced()) {
            return null;
        }
        if (namespace == null || namespace.isBlank()) {
            throw ProblemException.badRequest("namespace-required",
                    type.qualifiedName() + " is namespaced: give ?namespace=");
        }
        return namespace;
    }

    private static String namespaceForCreate(ApiResourceType type, String namespace, GenericKubernetesResource object) {
        if (!type.namespaced()) {
            return null;
        }
        String inBody = object.getMetadata() == null ? null : object.getMetadata().getNamespace();
        if (namespace != null && !namespace.isBlank() && inBody != null && !inBody.equals(namespace)) {
            throw ProblemException.badRequest("namespace-mismatch", "metadata.namespace '" + inBody
                    + "' differs from ?namespace=" + namespace);
        }
        String ns = namespace != null && !namespace.isBlank() ? namespace : inBody;
        if (ns != null) {
            KubeNames.namespace(ns);
        }
        if (ns == null) {
            throw ProblemException.badRequest("namespace-required",
                    type.qualifiedName() + " is namespaced: give ?namespace= or metadata.namespace");
        }
        return ns;
    }

    private static void checkKind(ApiResourceType type, GenericKubernetesResource object) {
        if (object.getKind() == null) {
            object.setKind(type.kind());
        }
        if (object.getApiVersion() == null) {
            object.setApiVersion(type.apiVersion());
        }
        if (!type.kind().equals(object.getKind())) {
            throw ProblemException.badRequest("kind-mismatch", "The body is a " + object.getKind() + ", the path names "
                    + type.qualifiedName() + " (" + type.kind() + ")");
        }
    }

    private static void require(ApiResourceType type, String verb) {
        if (!type.verbs().isEmpty() && !type.supports(verb)) {
            throw new ProblemException(405, "verb-not-supported", "Not supported by this resource type",
                    type.qualifiedName() + " does not support '" + verb + "'");
        }
    }

    static ProblemException notFound(ApiResourceType type, String namespace, String name) {
        return ProblemException.notFound("resource-not-found", "Resource not found",
                type.qualifiedName() + " '" + name + "'" + (namespace == null ? "" : " in namespace '" + namespace + "'")
                        + " not found");
    }

    static PatchType patchType(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json-patch+json")) {
            return PatchType.JSON;
        }
        if (type.startsWith("application/strategic-merge-patch+json")) {
            return PatchType.STRATEGIC_MERGE;
        }
        return PatchType.JSON_MERGE;
    }

    private static DeletionPropagation propagation(String value) {
        if (value == null || value.isBlank()) {
            return DeletionPropagation.BACKGROUND;
        }
        for (DeletionPropagation p : DeletionPropagation.values()) {
            if (p.name().equalsIgnoreCase(value)) {
                return p;
            }
        }
        throw ProblemException.badRequest("invalid-propagation", "propagationPolicy is Foreground, Background or Orphan");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
