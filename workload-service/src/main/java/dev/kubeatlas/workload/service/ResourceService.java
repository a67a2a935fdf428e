package dev.kubeatlas.workload.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.support.names.KubeNames;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.selector.Selectors;
import dev.kubeatlas.workload.kube.ApiResourceType;
import dev.kubeatlas.workload.kube.ClusterTarget;
import dev.kubeatlas.workload.kube.KubeObject;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.kube.PatchKind;
import dev.kubeatlas.workload.kube.ResourceClient;
import dev.kubeatlas.workload.kube.stream.Attribution;
import dev.kubeatlas.workload.service.audit.Audit;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads and changes any resource of any registered cluster through fabric8's generic client, with the type
 * resolved from the cluster's discovery. Every change is authorized by platform role, audited, and remembered for
 * the change stream's attribution.
 */
@ApplicationScoped
public class ResourceService {

    private final ResourceClient client;
    private final Audit audit;
    private final Attribution attribution;

    public ResourceService(ResourceClient client, Audit audit, Attribution attribution) {
        this.client = client;
        this.audit = audit;
        this.attribution = attribution;
    }

    /**
     * One page of a list. {@code continueToken} is null on the last page. Types the service caches are listed from
     * the informer cache, the others from the API server.
     */
    public record Listing(ApiResourceType type, List<KubeObject> items, String continueToken,
                          String resourceVersion) {
    }

    /** An object with its type. */
    public record Fetched(ApiResourceType type, KubeObject object) {
    }

    /** The cluster and the type {@code resource} names there, resolved once for a request. */
    public Uni<ClusterTarget> target(String cluster, String resource) {
        return client.target(cluster, resource);
    }

    /** The target of a type already resolved. */
    public Uni<ClusterTarget> target(String cluster, ApiResourceType type) {
        return client.target(cluster, type);
    }

    /** The target of the type with this group and plural. */
    public Uni<ClusterTarget> target(String cluster, String group, String plural) {
        return client.target(cluster, group, plural);
    }

    public Uni<Listing> list(String cluster, String resource, String namespace, String labelSelector,
                             String fieldSelector, Integer limit, String continueToken) {
        // selectors are checked here whether the cache or the API server answers: nothing malformed is sent on
        Selectors.labels(labelSelector);
        Selectors.fields(fieldSelector);
        return target(cluster, resource).chain(target -> list(target, namespace, labelSelector, fieldSelector, limit,
                continueToken));
    }

    public Uni<Listing> list(ClusterTarget target, String namespace, String labelSelector, String fieldSelector,
                             Integer limit, String continueToken) {
        require(target.type(), "list");
        return client.list(target, namespace, labelSelector, fieldSelector, limit, continueToken)
                .map(page -> new Listing(target.type(), page.items(), page.continueToken(), page.resourceVersion()));
    }

    public Uni<Fetched> get(String cluster, String resource, String namespace, String name) {
        return target(cluster, resource).chain(target -> get(target, namespace, name));
    }

    public Uni<Fetched> get(ClusterTarget target, String namespace, String name) {
        ApiResourceType type = target.type();
        require(type, "get");
        String ns = type.namespaced() ? ResourceClient.namespaceOf(type, namespace) : null;
        return client.get(target, namespace, name).map(found -> {
            if (found == null) {
                throw notFound(type, ns == null ? namespace : ns, name);
            }
            return new Fetched(type, found);
        });
    }

    public Uni<Fetched> create(Caller caller, String cluster, String resource, String namespace, ObjectNode body,
                               boolean dryRun) {
        return target(cluster, resource).chain(target -> {
            ApiResourceType type = target.type();
            require(type, "create");
            Manifests.refuseRedactedValues(body, false);
            KubeObject object = KubeObject.fromManifest(body);
            checkKind(type, object);
            String ns = namespaceForCreate(type, namespace, object);
            String name = object.hasMetadata() ? object.name() : null;
            if (name != null) {
                KubeNames.object("metadata.name", name);
            }
            return mutation(caller, target, new Audit.Target(cluster, "create", type.qualifiedName(), ns, name, dryRun),
                    () -> client.create(target, ns, object, dryRun));
        });
    }

    /** PUT: replaces the object; a stale {@code metadata.resourceVersion} is a 409. */
    public Uni<Fetched> replace(Caller caller, String cluster, String resource, String namespace, String name,
                                ObjectNode body, boolean dryRun) {
        return target(cluster, resource).chain(target -> {
            ApiResourceType type = target.type();
            require(type, "update");
            Manifests.refuseRedactedValues(body, false);
            KubeObject object = KubeObject.fromManifest(body);
            checkKind(type, object);
            String ns = namespaceOf(type, namespace);
            if (!object.hasMetadata() || !name.equals(object.name())) {
                throw ProblemException.badRequest("name-mismatch", "metadata.name must be '" + name + "'");
            }
            if (ns != null) {
                object.setNamespace(ns);
            }
            return mutation(caller, target, new Audit.Target(cluster, "update", type.qualifiedName(), ns, name, dryRun),
                    () -> client.update(target, ns, object, dryRun));
        });
    }

    /**
     * PATCH with the body's content type: {@code application/merge-patch+json} (also plain JSON or YAML),
     * {@code application/json-patch+json} or {@code application/strategic-merge-patch+json}.
     */
    public Uni<Fetched> patch(Caller caller, String cluster, String resource, String namespace, String name,
                              String contentType, String body, boolean dryRun, String action) {
        PatchKind patchKind = PatchKind.of(contentType);
        ObjectNode merge = patchKind == PatchKind.JSON ? null : Manifests.parse(body, contentType);
        String patch = merge == null ? Manifests.parseJsonPatch(body).toString() : merge.toString();
        return target(cluster, resource).chain(target -> {
            ApiResourceType type = target.type();
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
            return patch(caller, target, namespace, name, patchKind, patch, dryRun, action, r -> null);
        });
    }

    /** A merge or JSON patch of a resolved target, audited as {@code action}. */
    public Uni<Fetched> patch(Caller caller, ClusterTarget target, String namespace, String name,
                              PatchKind patchKind, String patch, boolean dryRun, String action,
                              Function<Fetched, String> detail) {
        ApiResourceType type = target.type();
        require(type, "patch");
        String ns = namespaceOf(type, namespace);
        return audit.audited(caller, new Audit.Target(target.cluster(), action, type.qualifiedName(), ns, name, dryRun),
                () -> permitted(caller, type).chain(() -> client.patch(target, ns, name, patchKind, patch, dryRun))
                        .map(o -> new Fetched(type, o))
                        .invoke(f -> remember(target.cluster(), f, caller, dryRun)), detail);
    }

    public Uni<Void> delete(Caller caller, String cluster, String resource, String namespace, String name,
                            String propagation, boolean dryRun) {
        String policy = propagation(propagation);
        return target(cluster, resource).chain(target -> {
            ApiResourceType type = target.type();
            require(type, "delete");
            String ns = namespaceOf(type, namespace);
            return audit.audited(caller, new Audit.Target(cluster, "delete", type.qualifiedName(), ns, name, dryRun),
                    () -> permitted(caller, type).chain(() -> client.delete(target, ns, name, policy, dryRun))
                            .map(existing -> {
                                if (existing == null) {
                                    throw notFound(type, ns, name);
                                }
                                if (!dryRun) {
                                    attribution.deleted(cluster, existing.uid(), caller.name());
                                }
                                return existing;
                            }), r -> "propagation " + policy.toLowerCase(Locale.ROOT)).replaceWithVoid();
        });
    }

    /**
     * Creates an object of the target's type, audited under another object's action (a CronJob's trigger makes a
     * Job): the role check is for the created type.
     */
    public Uni<Fetched> createFor(Caller caller, ClusterTarget target, String namespace, KubeObject object,
                                  boolean dryRun, Audit.Target audited, Function<Fetched, String> detail) {
        return audit.audited(caller, audited, () -> permitted(caller, target.type())
                .chain(() -> client.create(target, namespace, object, dryRun))
                .map(o -> new Fetched(target.type(), o))
                .invoke(f -> remember(target.cluster(), f, caller, dryRun)), detail);
    }

    private Uni<Fetched> mutation(Caller caller, ClusterTarget target, Audit.Target audited,
                                  java.util.function.Supplier<Uni<KubeObject>> work) {
        return audit.audited(caller, audited, () -> permitted(caller, target.type()).chain(() -> work.get())
                .map(o -> new Fetched(target.type(), o))
                .invoke(f -> remember(target.cluster(), f, caller, audited.dryRun())), f -> null);
    }

    /** The role check, as part of the audited attempt: a refused change is audited too. */
    private static Uni<Void> permitted(Caller caller, ApiResourceType type) {
        return Uni.createFrom().voidItem().invoke(() -> Access.requireWrite(caller, type));
    }

    private void remember(String cluster, Fetched fetched, Caller caller, boolean dryRun) {
        if (!dryRun && fetched.object().hasMetadata()) {
            attribution.changed(cluster, fetched.object().uid(), fetched.object().resourceVersion(), caller.name());
        }
    }

    static String namespaceOf(ApiResourceType type, String namespace) {
        return ResourceClient.namespaceOf(type, namespace);
    }

    private static String namespaceForCreate(ApiResourceType type, String namespace, KubeObject object) {
        if (!type.namespaced()) {
            return null;
        }
        String inBody = object.hasMetadata() ? object.namespace() : null;
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

    private static void checkKind(ApiResourceType type, KubeObject object) {
        object.defaultKind(type.kind(), type.apiVersion());
        if (!type.kind().equals(object.kind())) {
            throw ProblemException.badRequest("kind-mismatch", "The body is a " + object.kind() + ", the path names "
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

    private static String propagation(String value) {
        if (value == null || value.isBlank()) {
            return "Background";
        }
        for (String p : ResourceClient.PROPAGATIONS) {
            if (p.equalsIgnoreCase(value)) {
                return p;
            }
        }
        throw ProblemException.badRequest("invalid-propagation", "propagationPolicy is Foreground, Background or Orphan");
    }
}
