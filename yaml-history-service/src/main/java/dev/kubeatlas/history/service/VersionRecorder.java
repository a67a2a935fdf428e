package dev.kubeatlas.history.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.resource.v1.ResourceChanged;
import dev.kubeatlas.history.model.TrackedResource;
import dev.kubeatlas.history.service.diff.FieldDiff;
import dev.kubeatlas.history.service.diff.StoredManifest;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the change stream into versions, a batch of events at a time. Each distinct content of a resource is one
 * version, numbered without gaps: in one transaction the batch's events are deduplicated by id, the rows of the
 * resources they touch are locked, and the versions and the resources' new state are written, so a redelivery or a
 * restart in the middle of a burst never yields a second version or a gap. Content equal to the latest version's
 * (the stream's hash ignores volatile metadata) is not a new version. A batch costs a fixed number of statements,
 * whatever its size.
 */
@ApplicationScoped
public class VersionRecorder {

    static final String CONSUMER = "yaml-history-service";

    /** One resource as the batch goes through it. */
    static final class State {
        final long id;
        final String cluster;
        final String resource;
        final String namespace;
        final String name;
        int latestVersion;
        boolean deleted;
        String latestHash;
        byte[] latestManifest;
        Instant lastChangeAt;
        String kind;
        String apiVersion;
        String uid;
        boolean changed;

        State(Row row) {
            id = row.getLong("id");
            cluster = row.getString("cluster");
            resource = row.getString("resource");
            namespace = row.getString("namespace");
            name = row.getString("name");
            latestVersion = row.getInteger("latest_version");
            deleted = row.getBoolean("deleted");
        }
    }

    record Key(String cluster, String resource, String namespace, String name) {
        static Key of(ResourceChanged change) {
            String namespace = change.namespace() == null || change.namespace().isEmpty()
                    ? TrackedResource.CLUSTER_SCOPED : change.namespace();
            return new Key(change.cluster(), change.resource(), namespace, change.name());
        }
    }

    private final Pool pool;

    public VersionRecorder(Pool pool) {
        this.pool = pool;
    }

    /** Applies valid events of {@code kubeatlas.resource.changes}, in their order; the number of versions made. */
    public Uni<Integer> record(List<CloudEvent<ResourceChanged>> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.withTransaction(conn -> firstDeliveries(conn, events).chain(fresh -> {
            if (fresh.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return lockResources(conn, fresh).chain(states -> latest(conn, states)
                    .chain(() -> pendingRollbacks(conn, states))
                    .chain(pending -> write(conn, fresh, states, pending)));
        }));
    }

    /** The events not handled before, recorded as handled in the same transaction. */
    private static Uni<List<CloudEvent<ResourceChanged>>> firstDeliveries(SqlConnection conn,
                                                                          List<CloudEvent<ResourceChanged>> events) {
        String[] ids = events.stream().map(CloudEvent::id).distinct().toArray(String[]::new);
        return conn.preparedQuery("insert into processed_event (consumer, event_id, processed_at) "
                        + "select $1, id, now() from unnest($2::text[]) as id on conflict do nothing returning event_id")
                .execute(Tuple.of(CONSUMER, ids))
                .map(rows -> {
                    Set<String> fresh = new HashSet<>();
                    rows.forEach(row -> fresh.add(row.getString(0)));
                    List<CloudEvent<ResourceChanged>> first = new ArrayList<>();
                    for (CloudEvent<ResourceChanged> event : events) {
                        if (fresh.remove(event.id())) {
                            first.add(event);
                        }
                    }
                    return first;
                });
    }

    /** Creates the resources' rows where missing and locks them all, in id order. */
    private static Uni<Map<Key, State>> lockResources(SqlConnection conn, List<CloudEvent<ResourceChanged>> events) {
        Set<Key> keys = new HashSet<>();
        events.forEach(e -> keys.add(Key.of(e.data())));
        String[][] columns = new String[4][keys.size()];
        int i = 0;
        for (Key k : keys) {
            columns[0][i] = k.cluster();
            columns[1][i] = k.resource();
            columns[2][i] = k.namespace();
            columns[3][i++] = k.name();
        }
        Tuple params = Tuple.of(columns[0], columns[1], columns[2], columns[3]);
        return conn.preparedQuery("insert into tracked_resource (cluster, resource, namespace, name) "
                        + "select * from unnest($1::text[], $2::text[], $3::text[], $4::text[]) order by 1, 2, 3, 4 "
                        + "on conflict (cluster, resource, namespace, name) do nothing")
                .execute(params)
                .chain(() -> conn.preparedQuery("select id, cluster, resource, namespace, name, latest_version, deleted "
                                + "from tracked_resource where (cluster, resource, namespace, name) in "
                                + "(select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])) order by id for update")
                        .execute(params))
                .map(rows -> {
                    Map<Key, State> states = new HashMap<>();
                    rows.forEach(row -> {
                        State s = new State(row);
                        states.put(new Key(s.cluster, s.resource, s.namespace, s.name), s);
                    });
                    return states;
                });
    }

    private static Uni<Void> latest(SqlConnection conn, Map<Key, State> states) {
        Map<Long, State> byId = new HashMap<>();
        states.values().stream().filter(s -> s.latestVersion > 0).forEach(s -> byId.put(s.id, s));
        if (byId.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("select v.tracked_id, v.content_hash, v.manifest from resource_version v "
                        + "join tracked_resource t on t.id = v.tracked_id and v.number = t.latest_version where t.id = any($1)")
                .execute(Tuple.of(byId.keySet().toArray(Long[]::new)))
                .invoke(rows -> rows.forEach(row -> {
                    State s = byId.get(row.getLong("tracked_id"));
                    s.latestHash = row.getString("content_hash");
                    Buffer manifest = row.getBuffer("manifest");
                    s.latestManifest = manifest == null ? null : manifest.getBytes();
                }))
                .replaceWithVoid();
    }

    /** Rollbacks waiting for their change, by resource id and the resourceVersion the rollback produced. */
    private static Uni<Map<Long, Map<String, Integer>>> pendingRollbacks(SqlConnection conn, Map<Key, State> states) {
        Long[] ids = states.values().stream().map(s -> s.id).toArray(Long[]::new);
        return conn.preparedQuery("select tracked_id, resource_version, target_version from pending_rollback "
                        + "where tracked_id = any($1)")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<Long, Map<String, Integer>> pending = new HashMap<>();
                    rows.forEach(row -> pending.computeIfAbsent(row.getLong("tracked_id"), id -> new HashMap<>())
                            .put(row.getString("resource_version"), row.getInteger("target_version")));
                    return pending;
                });
    }

    private static Uni<Integer> write(SqlConnection conn, List<CloudEvent<ResourceChanged>> events, Map<Key, State> states,
                                      Map<Long, Map<String, Integer>> pending) {
        List<Tuple> versions = new ArrayList<>();
        List<Tuple> rollbacksSeen = new ArrayList<>();
        for (CloudEvent<ResourceChanged> event : events) {
            ResourceChanged change = event.data();
            State s = states.get(Key.of(change));
            Tuple version = next(s, change, event.id(), event.time() == null ? Instant.now() : event.time(),
                    pending.getOrDefault(s.id, Map.of()), rollbacksSeen);
            if (version != null) {
                versions.add(version);
            }
        }
        if (versions.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> updates = new ArrayList<>();
        for (State s : states.values()) {
            if (s.changed) {
                updates.add(Tuple.tuple(List.of(s.id, s.latestVersion, s.deleted, utc(s.lastChangeAt))).addString(s.kind)
                        .addString(s.apiVersion).addString(s.uid));
            }
        }
        Uni<RowSet<Row>> inserted = conn.preparedQuery("insert into resource_version (tracked_id, number, content_hash, "
                        + "manifest, change_type, actor, source, at, resource_version, summary, event_id) "
                        + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .executeBatch(versions);
        Uni<RowSet<Row>> updated = conn.preparedQuery("update tracked_resource set latest_version = $2, deleted = $3, "
                        + "last_change_at = $4, kind = coalesce($5, kind), api_version = coalesce($6, api_version), "
                        + "uid = coalesce($7, uid) where id = $1")
                .executeBatch(updates);
        Uni<?> cleared = rollbacksSeen.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery("delete from pending_rollback where tracked_id = $1 and resource_version = $2")
                .executeBatch(rollbacksSeen);
        int count = versions.size();
        return inserted.chain(() -> updated).chain(() -> cleared).replaceWith(count);
    }

    /** The version this change makes of the resource, or null when it makes none. */
    static Tuple next(State s, ResourceChanged change, String eventId, Instant at, Map<String, Integer> pending,
                      List<Tuple> rollbacksSeen) {
        boolean deletion = "DELETED".equals(change.changeType());
        if (deletion && (s.deleted || s.latestVersion == 0)) {
            return null;
        }
        if (!deletion && s.latestVersion > 0 && !s.deleted && change.contentHash() != null
                && change.contentHash().equals(s.latestHash)) {
            return null;
        }
        int number = s.latestVersion + 1;
        String hash;
        byte[] manifest = null;
        String summary;
        if (deletion) {
            hash = s.latestHash;
            summary = "deleted";
        } else {
            JsonNode before = s.latestVersion == 0 || s.deleted || s.latestManifest == null ? null
                    : StoredManifest.decompress(s.latestManifest);
            hash = change.contentHash();
            manifest = StoredManifest.compress(change.manifest());
            summary = before == null
                    ? ("BASELINE".equals(change.changeType()) ? "baseline" : s.deleted ? "recreated" : "created")
                    : StoredManifest.depth(before) > StoredManifest.MAX_DEPTH ? "content changed"
                    : FieldDiff.summary(FieldDiff.between(before, change.manifest()));
            s.latestManifest = manifest;
        }
        if (!deletion && change.resourceVersion() != null && pending.containsKey(change.resourceVersion())) {
            summary = "rollback to version " + pending.get(change.resourceVersion()) + "; " + summary;
            rollbacksSeen.add(Tuple.of(s.id, change.resourceVersion()));
        }
        s.latestVersion = number;
        s.latestHash = hash;
        s.deleted = deletion;
        s.lastChangeAt = at;
        s.kind = change.kind();
        s.apiVersion = change.apiVersion();
        s.uid = change.uid();
        s.changed = true;
        Log.debugf("%s/%s/%s/%s version %d: %s", s.cluster, s.resource, s.namespace, s.name, number, summary);
        Tuple version = Tuple.tuple(List.of(s.id, number)).addString(hash);
        (manifest == null ? version.addValue(null) : version.addBuffer(Buffer.buffer(manifest)))
                .addString(change.changeType()).addString(change.actor())
                .addString(change.source() == null ? "external" : change.source()).addOffsetDateTime(utc(at))
                .addString(change.resourceVersion()).addString(summary).addString(eventId);
        return version;
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
