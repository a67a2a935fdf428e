package dev.kubeatlas.ai.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeatlas.ai.model.Diagnosis;
import dev.kubeatlas.ai.service.diagnosis.ClusterSnapshot;
import dev.kubeatlas.ai.service.diagnosis.Diagnoser;
import dev.kubeatlas.ai.service.diagnosis.Finding;
import dev.kubeatlas.ai.service.diagnosis.ObjectRef;
import dev.kubeatlas.ai.service.diagnosis.Scope;
import dev.kubeatlas.ai.service.workload.WorkloadClient;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.names.KubeNames;
import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Diagnoses a cluster: reads every resource type a {@link ClusterSnapshot} is made of through workload-service, as the
 * caller and in parallel, with no database session open; runs the {@link Diagnoser} on a worker thread; then stores
 * the answer in one transaction, so that it can be read again by id.
 */
@ApplicationScoped
public class DiagnosisService {

    /** What a diagnosis is asked about, as the request names it; all null for the whole cluster. */
    public record Target(String namespace, String resource, String name) {
    }

    private final WorkloadClient workload;
    private final ObjectMapper json;
    private final Diagnoser diagnoser = new Diagnoser();

    public DiagnosisService(WorkloadClient workload, ObjectMapper json) {
        this.workload = workload;
        this.json = json;
    }

    /**
     * The scope a target names, or a 400 problem: a namespace alone, or a resource type and a name (with the
     * namespace for a namespaced type), or nothing.
     */
    public static Scope scopeOf(Target target) {
        String namespace = blankToNull(target.namespace());
        String resource = blankToNull(target.resource());
        String name = blankToNull(target.name());
        if (namespace != null) {
            KubeNames.namespace(namespace);
        }
        if (resource == null && name == null) {
            return namespace == null ? Scope.cluster() : Scope.namespace(namespace);
        }
        if (resource == null || name == null) {
            throw ProblemException.badRequest("invalid-scope", "'resource' and 'name' go together: both or neither");
        }
        KubeNames.type(resource);
        KubeNames.object(name);
        String kind = ClusterSnapshot.kindOf(resource);
        if (kind == null) {
            throw ProblemException.badRequest("invalid-scope", "A diagnosis cannot be scoped to '" + resource
                    + "'; resource types it reads: " + String.join(", ", ClusterSnapshot.resources()));
        }
        if (ClusterSnapshot.isClusterScoped(kind)) {
            return Scope.object(ObjectRef.of(kind, null, name));
        }
        if (namespace == null) {
            throw ProblemException.badRequest("invalid-scope", "'" + resource + "' is namespaced: 'namespace' is required");
        }
        return Scope.object(ObjectRef.of(kind, namespace, name));
    }

    /** Diagnoses the cluster for the scope as the caller ({@code bearer} passed on), and stores the answer. */
    public Uni<Diagnosis> diagnose(String cluster, Target target, String actor, String bearer) {
        Scope scope = scopeOf(target);
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        return read(cluster, bearer)
                .chain(objects -> Blocking.call(() -> findingsJson(ClusterSnapshot.of(objects, started), scope)))
                .chain(findings -> {
                    Diagnosis d = new Diagnosis();
                    d.id = UUID.randomUUID();
                    d.cluster = cluster;
                    d.namespace = scope.namespace();
                    d.resource = scope.object() == null ? null : blankToNull(target.resource());
                    d.name = scope.object() == null ? null : scope.object().name();
                    d.startedAt = started;
                    d.durationMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
                    d.actor = actor;
                    d.findings = findings;
                    return Panache.withTransaction(d::persist).replaceWith(d);
                })
                .invoke(d -> Log.infof("Diagnosis %s of %s (%s) by %s in %d ms", d.id, cluster,
                        scope.type().name().toLowerCase(java.util.Locale.ROOT), actor, d.durationMs));
    }

    /** The stored diagnosis; 404 when there is none of that id (or the id is not one). */
    public Uni<Diagnosis> get(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(notFound(id));
        }
        return Panache.withSession(() -> Diagnosis.<Diagnosis>findById(uuid)).map(d -> {
            if (d == null) {
                throw notFound(id);
            }
            return d;
        });
    }

    /** Every type of the snapshot, in parallel; a type the cluster does not serve is left out. */
    private Uni<Map<String, List<JsonNode>>> read(String cluster, String bearer) {
        List<String> plurals = new ArrayList<>(ClusterSnapshot.resources());
        List<Uni<Optional<List<JsonNode>>>> lists = plurals.stream()
                .map(plural -> workload.listAll(cluster, plural, null, bearer)).toList();
        return Uni.join().all(lists).andFailFast().map(answers -> {
            Map<String, List<JsonNode>> objects = new LinkedHashMap<>();
            for (int i = 0; i < plurals.size(); i++) {
                String plural = plurals.get(i);
                answers.get(i).ifPresent(items -> objects.put(plural, items));
            }
            return objects;
        });
    }

    private String findingsJson(ClusterSnapshot snapshot, Scope scope) {
        List<Finding> findings = diagnoser.diagnose(snapshot, scope);
        try {
            return json.writeValueAsString(findings);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("diagnosis-not-found", "Diagnosis not found", "No diagnosis with id '" + id + "'");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
