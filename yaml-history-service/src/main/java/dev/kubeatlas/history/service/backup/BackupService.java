package dev.kubeatlas.history.service.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.history.model.Backup;
import dev.kubeatlas.history.model.RestoreRecord;
import dev.kubeatlas.history.model.Scope;
import dev.kubeatlas.history.model.ScopeColumns;
import dev.kubeatlas.history.model.SealedArchive;
import dev.kubeatlas.history.service.diff.StoredManifest;
import dev.kubeatlas.history.service.workload.WorkloadClient;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.crypto.KeyedCipher;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.support.rest.QueryFilter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Takes backups: reads the live objects of a scope through workload-service (Secret values revealed, which
 * workload-service audits), cleans them of what the API server sets, and keeps them as a sealed tar.gz.
 */
@ApplicationScoped
public class BackupService {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Set by the API server or by controllers; a restored object gets its own. */
    static final List<String> SERVER_METADATA = List.of("uid", "resourceVersion", "creationTimestamp", "generation",
            "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences");
    static final List<String> SERVER_ANNOTATIONS = List.of("deployment.kubernetes.io/revision",
            "kubectl.kubernetes.io/last-applied-configuration", "pv.kubernetes.io/bind-completed",
            "pv.kubernetes.io/bound-by-controller", "volume.kubernetes.io/selected-node");

    private final WorkloadClient workload;
    private final KeyedCipher cipher;

    public BackupService(WorkloadClient workload, KeyedCipher cipher) {
        this.workload = workload;
        this.cipher = cipher;
    }

    /**
     * Takes a backup of {@code scope} now, reading as {@code bearer}; a failed one is recorded as failed, except for a
     * cluster workload-service does not know (a 404, and no backup row is left behind).
     */
    public Uni<Backup> take(Scope scope, String actor, String policy, String bearer) {
        Backup backup = new Backup();
        backup.id = UUID.randomUUID();
        backup.scope = ScopeColumns.of(scope);
        backup.policy = policy;
        backup.state = Backup.RUNNING;
        backup.createdBy = actor;
        backup.createdAt = Instant.now();
        return Panache.withTransaction(backup::persist)
                .chain(() -> collect(scope, bearer))
                .chain(entries -> Blocking.call(() -> seal(backup, entries)))
                .chain(sealed -> Panache.withTransaction(() -> Backup.<Backup>findById(backup.id).chain(stored -> {
                    stored.state = Backup.COMPLETED;
                    stored.completedAt = Instant.now();
                    stored.objectCount = sealed.objects();
                    stored.counts = json(sealed.counts());
                    stored.sizeBytes = sealed.bytes();
                    return sealed.archive().persist().replaceWith(stored);
                })))
                // a cluster workload-service does not know: the request named nothing that exists, so nothing is kept
                .onFailure(BackupService::unknownCluster).call(() -> Panache.withTransaction(() -> Backup.deleteById(backup.id)))
                .onFailure(e -> !unknownCluster(e)).call(e -> Panache.withTransaction(() -> Backup.<Backup>findById(backup.id).invoke(stored -> {
                    stored.state = Backup.FAILED;
                    stored.completedAt = Instant.now();
                    stored.error = e instanceof ProblemException p ? p.getMessage() : "The backup could not be taken";
                    Log.warnf("Backup %s of cluster %s failed: %s", backup.id, scope.cluster(), stored.error);
                })));
    }

    private static boolean unknownCluster(Throwable failure) {
        return failure instanceof ProblemException p && p.status() == 404 && "cluster-not-found".equals(p.slug());
    }

    /** A backup's objects packed and sealed: what the backup row records of them, and the archive. */
    record Packed(SealedArchive archive, int objects, Map<String, Integer> counts, long bytes) {
    }

    /** tar, gzip and AES-GCM: CPU work, run on a worker thread. */
    Packed seal(Backup backup, List<Tarball.Entry> entries) {
        byte[] tarGz = Tarball.write(entries, backup.createdAt);
        SealedArchive archive = SealedArchive.of(backup.id, cipher.seal(backup.id.toString(), tarGz));
        Map<String, Integer> counts = new TreeMap<>();
        entries.forEach(e -> counts.merge(e.resource(), 1, Integer::sum));
        return new Packed(archive, entries.size(), counts, tarGz.length);
    }

    /** A backup and its archive, decrypted: a tar.gz of YAML files. */
    public record Download(Backup backup, byte[] tarGz) {
    }

    /** The backups, newest first; {@code cluster} and {@code policy} filter when given. */
    public Uni<List<Backup>> list(String cluster, String policy) {
        QueryFilter filter = new QueryFilter().where("scope.cluster = :cluster", "cluster", cluster).equal("policy", policy);
        return Panache.withSession(() -> Backup.<Backup>find(filter.query(), Sort.descending("createdAt"), filter.parameters())
                .list());
    }

    /** The backup; 404 when there is none of that id. */
    public Uni<Backup> get(String id) {
        return Panache.withSession(() -> find(id));
    }

    /** Deletes the backup and its archive. */
    public Uni<Void> delete(String id) {
        return Panache.withTransaction(() -> find(id).chain(backup -> backup.delete()));
    }

    /** The restores of the backup, newest first. */
    public Uni<List<RestoreRecord>> restores(String id) {
        return Panache.withSession(() -> find(id).chain(backup -> RestoreRecord.<RestoreRecord>find("backupId",
                Sort.descending("createdAt"), backup.id).list()));
    }

    /** The backup's archive, read in one session and decrypted on a worker thread after it has closed. */
    public Uni<Download> download(String id) {
        return Panache.withSession(() -> find(id).chain(backup -> SealedArchive.<SealedArchive>findById(backup.id)
                        .map(archive -> new Sealed(backup, archive))))
                .chain(sealed -> Blocking.call(() -> new Download(sealed.backup(), open(sealed.backup(), sealed.archive()))));
    }

    private record Sealed(Backup backup, SealedArchive archive) {
    }

    private byte[] open(Backup backup, SealedArchive archive) {
        if (archive == null) {
            throw ProblemException.conflict("backup-not-completed", "Backup has no archive",
                    "Backup " + backup.id + " is " + backup.state + " and has no archive");
        }
        try {
            return cipher.openBytes(backup.id.toString(), archive.sealed());
        } catch (IllegalStateException e) {
            throw ProblemException.unavailable("backup-undecryptable", "Backup cannot be decrypted",
                    "The archive of backup " + backup.id + " does not decrypt with the configured backup keys", 0);
        }
    }

    /** The backup in the caller's session; 404 when {@code id} is not one. */
    static Uni<Backup> find(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(notFound(id));
        }
        return Backup.<Backup>findById(uuid).map(b -> {
            if (b == null) {
                throw notFound(id);
            }
            return b;
        });
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("backup-not-found", "Backup not found", "No backup with id '" + id + "'");
    }

    /** Every object of the scope, once each, in a stable order. */
    Uni<List<Tarball.Entry>> collect(Scope scope, String bearer) {
        Map<String, Tarball.Entry> entries = new LinkedHashMap<>();
        Uni<Void> chain = namespaceObjects(scope, bearer).invoke(list -> list.forEach(e -> entries.put(e.path(), e)))
                .replaceWithVoid();
        List<String> namespaces = scope.namespaces().isEmpty() ? java.util.Collections.singletonList(null) : scope.namespaces();
        for (String kind : scope.effectiveKinds()) {
            for (String namespace : namespaces) {
                chain = chain.chain(() -> readAll(scope, kind, namespace, bearer, null)
                        .invoke(list -> list.forEach(e -> entries.putIfAbsent(e.path(), e)))).replaceWithVoid();
            }
        }
        return chain.map(v -> new ArrayList<>(entries.values()));
    }

    /** The Namespace objects themselves: those named, or every one but {@code kube-*}. */
    private Uni<List<Tarball.Entry>> namespaceObjects(Scope scope, String bearer) {
        if (scope.namespaces().isEmpty()) {
            return readAll(scope, "namespaces", null, bearer, null);
        }
        Uni<List<Tarball.Entry>> chain = Uni.createFrom().item(new ArrayList<>());
        for (String ns : scope.namespaces()) {
            chain = chain.chain(list -> workload.get(new WorkloadClient.Ref(scope.cluster(), "namespaces", null, ns), false, bearer)
                    .map(found -> {
                        if (found == null) {
                            throw ProblemException.notFound("namespace-not-found", "Namespace not found",
                                    "Cluster '" + scope.cluster() + "' has no namespace '" + ns + "'");
                        }
                        list.add(entry("namespaces", found));
                        return list;
                    }));
        }
        return chain;
    }

    private Uni<List<Tarball.Entry>> readAll(Scope scope, String kind, String namespace, String bearer, String continueToken) {
        boolean secrets = "secrets".equals(kind);
        String selector = "namespaces".equals(kind) ? null : scope.labelSelector();
        return workload.list(scope.cluster(), kind, namespace, selector, secrets, continueToken, bearer)
                .onFailure(e -> scope.kinds().isEmpty() && e instanceof ProblemException p
                        && p.status() == 404 && "resource-type-not-found".equals(p.slug()))
                .recoverWithItem(new WorkloadClient.Page(List.of(), null))
                .chain(page -> {
                    List<Tarball.Entry> taken = new ArrayList<>();
                    for (JsonNode item : page.items()) {
                        if (kept(scope, kind, item)) {
                            taken.add(entry(kind, item));
                        }
                    }
                    if (page.continueToken() == null) {
                        return Uni.createFrom().item(taken);
                    }
                    return readAll(scope, kind, namespace, bearer, page.continueToken()).map(rest -> {
                        taken.addAll(rest);
                        return taken;
                    });
                });
    }

    /** Not what controllers or the API server make, and not in a namespace outside the scope. */
    static boolean kept(Scope scope, String kind, JsonNode item) {
        JsonNode metadata = item.path("metadata");
        for (JsonNode owner : metadata.path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                return false;
            }
        }
        String name = metadata.path("name").asText();
        String namespace = "namespaces".equals(kind) ? name : metadata.path("namespace").asText(null);
        if (namespace != null && scope.namespaces().isEmpty() && namespace.startsWith("kube-")) {
            return false;
        }
        if (namespace != null && !scope.namespaces().isEmpty() && !scope.namespaces().contains(namespace)) {
            return false;
        }
        return switch (kind) {
            case "secrets" -> !"kubernetes.io/service-account-token".equals(item.path("type").asText());
            case "configmaps" -> !"kube-root-ca.crt".equals(name);
            case "services" -> !("default".equals(namespace) && "kubernetes".equals(name));
            default -> true;
        };
    }

    static Tarball.Entry entry(String kind, JsonNode item) {
        ObjectNode manifest = clean(StoredManifest.requireShallow(item));
        JsonNode metadata = manifest.path("metadata");
        return new Tarball.Entry(kind, "namespaces".equals(kind) ? null : metadata.path("namespace").asText(null),
                metadata.path("name").asText(), manifest);
    }

    /** The object as it would be applied: without status and what the API server or controllers set. */
    static ObjectNode clean(JsonNode item) {
        ObjectNode manifest = item.deepCopy();
        manifest.remove("status");
        if (manifest.get("metadata") instanceof ObjectNode metadata) {
            SERVER_METADATA.forEach(metadata::remove);
            if (metadata.get("annotations") instanceof ObjectNode annotations) {
                SERVER_ANNOTATIONS.forEach(annotations::remove);
                if (annotations.isEmpty()) {
                    metadata.remove("annotations");
                }
            }
        }
        if ("Service".equals(manifest.path("kind").asText()) && manifest.get("spec") instanceof ObjectNode spec
                && !"None".equals(spec.path("clusterIP").asText())) {
            // a restored Service gets an address of its target cluster's range
            spec.remove("clusterIP");
            spec.remove("clusterIPs");
        }
        if ("PersistentVolumeClaim".equals(manifest.path("kind").asText()) && manifest.get("spec") instanceof ObjectNode spec) {
            spec.remove("volumeName");
        }
        return manifest;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
