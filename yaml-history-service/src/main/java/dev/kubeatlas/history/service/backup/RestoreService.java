package dev.kubeatlas.history.service.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kubeatlas.history.model.Backup;
import dev.kubeatlas.history.model.RestoreRecord;
import dev.kubeatlas.history.model.Scope;
import dev.kubeatlas.history.service.diff.FieldDiff;
import dev.kubeatlas.history.service.workload.WorkloadClient;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Puts a backup's objects into a cluster (the same or another) through workload-service, as the caller: in dependency
 * order, namespaces renamed by a mapping, existing objects skipped or overwritten; a dry run reports what it would do.
 */
@ApplicationScoped
public class RestoreService {

    public static final String SKIP_EXISTING = "skip-existing";
    public static final String OVERWRITE = "overwrite";

    /** Kinds in the order a cluster needs them: what others refer to first. Everything else comes last. */
    static final List<Set<String>> ORDER = List.of(
            Set.of("Namespace"),
            Set.of("CustomResourceDefinition"),
            Set.of("ConfigMap", "Secret", "ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding",
                    "ResourceQuota", "LimitRange", "PriorityClass"),
            Set.of("StorageClass", "PersistentVolume", "PersistentVolumeClaim"),
            Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod",
                    "HorizontalPodAutoscaler", "PodDisruptionBudget"),
            Set.of("Service"),
            Set.of("Ingress"));

    public record Request(String targetCluster, Map<String, String> namespaceMapping, String mode, boolean dryRun) {
        public Request {
            namespaceMapping = namespaceMapping == null ? Map.of() : Map.copyOf(namespaceMapping);
            mode = mode == null ? SKIP_EXISTING : mode;
            if (!SKIP_EXISTING.equals(mode) && !OVERWRITE.equals(mode)) {
                throw ProblemException.badRequest("invalid-restore", "'mode' is skip-existing or overwrite, not '" + mode + "'");
            }
            namespaceMapping.forEach((from, to) -> {
                if (!Scope.NAMESPACE.matcher(from).matches() || !Scope.NAMESPACE.matcher(to).matches()) {
                    throw ProblemException.badRequest("invalid-restore", "'" + from + "' → '" + to
                            + "' does not map a namespace name to a namespace name");
                }
            });
        }
    }

    /** What happened to one object: created, updated, unchanged, conflict or failed (would-create, would-update). */
    public record Result(String resource, String kind, String namespace, String name, String outcome,
                         List<FieldDiff.Change> changes, String detail) {
    }

    private final WorkloadClient workload;
    private final BackupService backups;

    public RestoreService(WorkloadClient workload, BackupService backups) {
        this.workload = workload;
        this.backups = backups;
    }

    /**
     * Restores backup {@code id}: its archive is read in one session, decrypted and unpacked on a worker thread, and
     * the objects are written through workload-service with no session open.
     */
    public Uni<RestoreRecord> restore(String id, Request request, String actor, String bearer) {
        return backups.download(id).chain(download -> Blocking.call(() -> Tarball.read(download.tarGz()))
                .chain(entries -> restore(download.backup(), entries, request, actor, bearer)));
    }

    public Uni<RestoreRecord> restore(Backup backup, List<Tarball.Entry> entries, Request request, String actor,
                                      String bearer) {
        String target = request.targetCluster() == null || request.targetCluster().isBlank() ? backup.scope.cluster
                : request.targetCluster();
        List<Tarball.Entry> ordered = ordered(entries);
        List<Result> results = new ArrayList<>();
        return workload.requireCluster(target, bearer)
                .chain(() -> next(ordered.iterator(), target, request, bearer, results)).chain(() -> {
            RestoreRecord record = new RestoreRecord();
            record.id = UUID.randomUUID();
            record.backupId = backup.id;
            record.targetCluster = target;
            record.mode = request.mode();
            record.dryRun = request.dryRun();
            record.createdBy = actor;
            record.createdAt = Instant.now();
            Map<String, Integer> summary = new LinkedHashMap<>();
            results.forEach(r -> summary.merge(r.outcome(), 1, Integer::sum));
            record.summary = BackupService.json(summary);
            record.results = BackupService.json(results);
            Log.infof("RestoreService of backup %s into %s by %s (%s%s): %s", backup.id, target, actor, request.mode(),
                    request.dryRun() ? ", dry run" : "", record.summary);
            return Panache.withTransaction(record::persist).replaceWith(record);
        });
    }

    private Uni<Void> next(Iterator<Tarball.Entry> entries, String target, Request request, String bearer,
                           List<Result> results) {
        if (!entries.hasNext()) {
            return Uni.createFrom().voidItem();
        }
        Tarball.Entry entry = entries.next();
        ObjectNode desired = mapped(entry, request.namespaceMapping());
        return one(entry, desired, target, request, bearer)
                .onFailure().recoverWithItem(e -> failed(entry, desired, e))
                .invoke(results::add)
                .chain(() -> next(entries, target, request, bearer, results));
    }

    private Uni<Result> one(Tarball.Entry entry, ObjectNode desired, String target, Request request, String bearer) {
        String namespace = desired.path("metadata").path("namespace").asText(null);
        String name = desired.path("metadata").path("name").asText();
        WorkloadClient.Ref ref = new WorkloadClient.Ref(target, entry.resource(), namespace, name);
        boolean secret = "Secret".equals(desired.path("kind").asText());
        return workload.get(ref, secret, bearer).chain(live -> {
            if (live == null) {
                if (request.dryRun()) {
                    return Uni.createFrom().item(result(entry, ref, "would-create", List.of(), null));
                }
                return workload.write(ref, desired, true, false, bearer)
                        .map(created -> result(entry, ref, "created", List.of(), null));
            }
            List<FieldDiff.Change> changes = FieldDiff.between(projected(FieldDiff.withoutVolatile(live), desired),
                    FieldDiff.withoutVolatile(desired));
            List<FieldDiff.Change> shown = secret ? redacted(changes) : changes;
            if (changes.isEmpty()) {
                return Uni.createFrom().item(result(entry, ref, "unchanged", List.of(), null));
            }
            if (SKIP_EXISTING.equals(request.mode())) {
                return Uni.createFrom().item(result(entry, ref, "conflict", shown,
                        "exists with other content; left as it is (restore with mode overwrite to replace it)"));
            }
            if (request.dryRun()) {
                return Uni.createFrom().item(result(entry, ref, "would-update", shown, null));
            }
            return workload.write(ref, forUpdate(desired, live), false, false, bearer)
                    .map(updated -> result(entry, ref, "updated", shown, null));
        });
    }

    private static Result failed(Tarball.Entry entry, ObjectNode desired, Throwable e) {
        String detail = e instanceof ProblemException p ? p.getMessage() : "The object could not be restored";
        return new Result(entry.resource(), desired.path("kind").asText(), desired.path("metadata").path("namespace").asText(null),
                desired.path("metadata").path("name").asText(), "failed", List.of(), detail);
    }

    private static Result result(Tarball.Entry entry, WorkloadClient.Ref ref, String outcome,
                                 List<FieldDiff.Change> changes, String detail) {
        return new Result(entry.resource(), entry.manifest().path("kind").asText(), ref.namespace(), ref.name(), outcome,
                changes, detail);
    }

    /** The entries in the order a cluster needs them ({@link #ORDER}), by path within a rank. */
    static List<Tarball.Entry> ordered(List<Tarball.Entry> entries) {
        List<Tarball.Entry> ordered = new ArrayList<>(entries);
        ordered.sort(Comparator.comparingInt((Tarball.Entry e) -> rank(e.manifest().path("kind").asText()))
                .thenComparing(Tarball.Entry::path));
        return ordered;
    }

    static int rank(String kind) {
        for (int i = 0; i < ORDER.size(); i++) {
            if (ORDER.get(i).contains(kind)) {
                return i;
            }
        }
        return ORDER.size();
    }

    /** The manifest with its namespace (or, for a Namespace, its name) mapped. */
    static ObjectNode mapped(Tarball.Entry entry, Map<String, String> mapping) {
        ObjectNode manifest = entry.manifest().deepCopy();
        ObjectNode metadata = (ObjectNode) manifest.path("metadata");
        String field = "Namespace".equals(manifest.path("kind").asText()) ? "name" : "namespace";
        String from = metadata.path(field).asText(null);
        if (from != null && mapping.containsKey(from)) {
            metadata.put(field, mapping.get(from));
        }
        return manifest;
    }

    /**
     * The live object reduced to the fields the backup names: what the API server or controllers added (defaults,
     * a Service's address) is not a difference.
     */
    static JsonNode projected(JsonNode live, JsonNode desired) {
        if (live == null || !live.isObject() || desired == null || !desired.isObject()) {
            return live;
        }
        ObjectNode projection = live.deepCopy();
        Iterator<String> names = projection.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (!desired.has(field)) {
                names.remove();
            } else {
                projection.set(field, projected(live.get(field), desired.get(field)));
            }
        }
        return projection;
    }

    /** The backup's object put over the live one: its resourceVersion, and what the API server assigned for good. */
    static ObjectNode forUpdate(ObjectNode desired, JsonNode live) {
        ObjectNode update = desired.deepCopy();
        ((ObjectNode) update.path("metadata")).put("resourceVersion", live.path("metadata").path("resourceVersion").asText());
        if (update.get("spec") instanceof ObjectNode spec) {
            for (String assigned : List.of("clusterIP", "clusterIPs", "volumeName")) {
                if (!spec.has(assigned) && live.path("spec").has(assigned)) {
                    spec.set(assigned, live.path("spec").get(assigned));
                }
            }
        }
        return update;
    }

    static List<FieldDiff.Change> redacted(List<FieldDiff.Change> changes) {
        TextNode hidden = TextNode.valueOf("<redacted>");
        return changes.stream().map(c -> c.path().startsWith("data") || c.path().startsWith("stringData")
                ? new FieldDiff.Change(c.path(), c.op(), c.from() == null ? null : hidden, c.to() == null ? null : hidden)
                : c).toList();
    }
}
