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
import dev.kubeatlas.support.problem.Problem;
import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Diagnoses a cluster: reads every resource type a {@link ClusterSnapshot} is made of through workload-service, as the
 * caller and in parallel, with no database session open; runs the {@link Diagnoser} on a worker thread; then stores
 * the answer in one transaction, so that it can be read again by id.
 */
@ApplicationScoped
public class DiagnosisService {

    /** A resource type a diagnosis could not read, and the problem it was refused with. */
    public record UnreadType(String resource, Problem problem) {
    }

    /** What was read: the objects by plural, and the types refused (the diagnosis goes on without them). */
    record Read(Map<String, List<JsonNode>> objects, List<UnreadType> unread) {
    }

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
                .chain(read -> Blocking.call(() -> findingsJson(ClusterSnapshot.of(read.objects(), started), scope,
                                read.unread()))
                        .map(findings -> Map.entry(findings, toJson(read.unread()))))
                .chain(answer -> {
                    String findings = answer.getKey();
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
                    d.unread = answer.getValue();
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

    /**
     * Every type of the snapshot, in parallel. A type the cluster does not serve is left out; a type refused (403:
     * the caller's roles, or the cluster's credentials lack RBAC for it) is left out and named in {@code unread}, so
     * that one unreadable type does not cost the whole diagnosis. Any other failure fails it.
     */
    private Uni<Read> read(String cluster, String bearer) {
        List<String> plurals = new ArrayList<>(ClusterSnapshot.resources());
        List<UnreadType> unread = Collections.synchronizedList(new ArrayList<>());
        List<Uni<Optional<List<JsonNode>>>> guarded = new ArrayList<>();
        for (int i = 0; i < plurals.size(); i++) {
            String plural = plurals.get(i);
            guarded.add(workload.listAll(cluster, plural, null, bearer)
                    .onFailure(e -> e instanceof ProblemException p && p.status() == 403)
                    .recoverWithItem(e -> {
                        unread.add(new UnreadType(plural, ((ProblemException) e)
                                .toProblem("/api/v1/clusters/" + cluster + "/resources/" + plural)));
                        return Optional.empty();
                    }));
        }
        return Uni.join().all(guarded).andFailFast().map(answers -> {
            Map<String, List<JsonNode>> objects = new LinkedHashMap<>();
            for (int i = 0; i < plurals.size(); i++) {
                String plural = plurals.get(i);
                answers.get(i).ifPresent(items -> objects.put(plural, items));
            }
            List<UnreadType> sorted = new ArrayList<>(unread);
            sorted.sort(Comparator.comparing(UnreadType::resource));
            return new Read(objects, sorted);
        });
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The findings as JSON. A finding about an object of a kind that could not be read is left out: without the
     * Secrets (say), every Secret a pod refers to would look missing, and a finding must never invent an object.
     */
    private String findingsJson(ClusterSnapshot snapshot, Scope scope, List<UnreadType> unread) {
        Set<String> unreadKinds = new HashSet<>();
        unread.forEach(u -> unreadKinds.add(ClusterSnapshot.kindOf(u.resource())));
        List<Finding> findings = new ArrayList<>(diagnoser.diagnose(snapshot, scope));
        findings.removeIf(f -> f.object() != null && unreadKinds.contains(f.object().kind()));
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
