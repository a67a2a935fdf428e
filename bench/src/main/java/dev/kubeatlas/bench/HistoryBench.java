package dev.kubeatlas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventCodec;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.events.resource.v1.ResourceChanged;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The change stream as workload-service writes it, at a set rate, into a running yaml-history-service; then, from
 * the service's own tables, how fast versions were stored, how long each took from its change to being queryable,
 * whether every resource's numbers are gapless, and what a version of a typical Deployment costs in storage. The
 * history scenario measures ingest with it; the fault test publishes a burst with it and verifies what was stored.
 */
final class HistoryBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCHEMA = "yaml_history_service";

    /** Opens a connection to the installation's database. */
    interface Database {
        Connection open() throws SQLException;
    }

    static void ingest(String bootstrap, Database database, int rate, int seconds, int resources) throws Exception {
        String warmup = "bench-warmup-" + Long.toHexString(System.nanoTime()).substring(0, 6);
        Out.line(Out.f("Warming up: %,d changes (not measured)", rate * 5));
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            publish(producer, warmup, rate * 5, resources, rate);
        }
        if (!verify(database, warmup, rate * 5, resources, 120)) {
            throw new BenchFailure("The warm-up changes did not all become versions");
        }
        String cluster = "bench-history-" + Long.toHexString(System.nanoTime()).substring(0, 6);
        int total = rate * seconds;
        Out.line(Out.f("Publishing %,d changes of %d Deployments at %,d/s for %d s (cluster %s)", total, resources,
                rate, seconds, cluster));
        long sendStart = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            publish(producer, cluster, total, resources, rate);
        }
        double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
        Out.line(Out.f("  published in %.1f s (%,.0f/s)", sendSeconds, total / sendSeconds));
        try (Connection db = database.open()) {
            if (!awaitVersions(db, cluster, total, 300)) {
                throw new BenchFailure("Not every change became a version within 300 s");
            }
            List<Double> latencies = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("select extract(epoch from (v.recorded_at - v.at)) * 1000 from "
                    + SCHEMA + ".resource_version v join " + SCHEMA + ".tracked_resource t on t.id = v.tracked_id where t.cluster = ?")) {
                q.setString(1, cluster);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        latencies.add(rs.getDouble(1));
                    }
                }
            }
            Stats latency = Stats.of(latencies);
            double span = scalar(db, "select extract(epoch from (max(v.recorded_at) - min(v.at))) from " + SCHEMA
                    + ".resource_version v join " + SCHEMA + ".tracked_resource t on t.id = v.tracked_id where t.cluster = ?", cluster);
            boolean gapless = gapless(db, cluster, total / resources);
            ingestLines(total, span, latency, gapless, total / resources).forEach(Out::line);
            storage(db, cluster);
            try (PreparedStatement delete = db.prepareStatement("delete from " + SCHEMA + ".tracked_resource where cluster = ?")) {
                delete.setString(1, cluster);
                delete.executeUpdate();
            }
        }
    }

    static List<String> ingestLines(int total, double spanSeconds, Stats latency, boolean gapless, int perResource) {
        return List.of(
                Out.f("Ingest: %,d versions stored in %.1f s from the first change: %,.0f changes/s sustained"
                        + "   (target >= 1,000/s)", total, spanSeconds, total / spanSeconds),
                Out.f("  change -> version queryable: p50 %.0f ms   p99 %.0f ms   max %.0f ms   (target p99 < 2,000 ms)",
                        latency.percentile(50), latency.percentile(99), latency.max()),
                "  gapless: " + (gapless ? "yes, every resource 1.." + perResource + " exactly once" : "NO"));
    }

    static long count(Database database, String cluster) throws SQLException {
        try (Connection db = database.open()) {
            return (long) scalar(db, "select count(*) from " + SCHEMA + ".resource_version v join " + SCHEMA
                    + ".tracked_resource t on t.id = v.tracked_id where t.cluster = ?", cluster);
        }
    }

    static boolean verify(Database database, String cluster, int count, int resources, int timeoutSeconds) throws Exception {
        try (Connection db = database.open()) {
            boolean all = awaitVersions(db, cluster, count, timeoutSeconds);
            long stored = (long) scalar(db, "select count(*) from " + SCHEMA + ".resource_version v join " + SCHEMA
                    + ".tracked_resource t on t.id = v.tracked_id where t.cluster = ?", cluster);
            boolean gapless = gapless(db, cluster, count / resources);
            Out.line(Out.f("  %,d of %,d versions stored; every resource numbered 1..%d exactly once: %s", stored, count,
                    count / resources, gapless ? "yes" : "NO"));
            try (PreparedStatement delete = db.prepareStatement("delete from " + SCHEMA + ".tracked_resource where cluster = ?")) {
                delete.setString(1, cluster);
                delete.executeUpdate();
            }
            return all && stored == count && gapless;
        }
    }

    static final String UNSENT = "\"time\":\"1970-01-01T00:00:00Z\"";

    /**
     * Version n of resource r changes one field: the image tag. The records are made before the clock starts, so
     * the publisher's own work does not compete with the service; each gets its time as it is sent.
     */
    static void publish(KafkaProducer<String, String> producer, String cluster, int total, int resources, int rate)
            throws Exception {
        List<ProducerRecord<String, String>> records = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            int r = i % resources;
            int n = i / resources + 1;
            String name = "bench-" + r;
            CloudEvent<ResourceChanged> event = new CloudEvent<>(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(),
                    CloudEvent.sourceOf("workload-service"), EventTypes.RESOURCE_CHANGED.type(),
                    "bench/deployments.apps/" + name, Instant.EPOCH, CloudEvent.JSON, cluster,
                    new ResourceChanged(cluster, "apps/v1", "Deployment", "deployments.apps", "bench", name, "uid-" + r,
                            String.valueOf(1000 + i), n == 1 ? "BASELINE" : "MODIFIED", n % 2 == 0 ? "kubeatlas" : "external",
                            n % 2 == 0 ? "bench" : null, deployment(name, n), "sha256:" + r + "-" + n));
            records.add(new ProducerRecord<>(Topics.RESOURCE_CHANGES, cluster + "/deployments.apps/bench/" + name,
                    EventCodec.encode(event)));
        }
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            if (rate > 0) {
                long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            ProducerRecord<String, String> prepared = records.set(i, null);
            ProducerRecord<String, String> record = new ProducerRecord<>(prepared.topic(), prepared.key(),
                    prepared.value().replace(UNSENT, "\"time\":\"" + Instant.now() + "\""));
            record.headers().add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        producer.flush();
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    /** A Deployment as clusters hold them (~3 KB of JSON): labels, annotations, two containers, probes, resources. */
    static JsonNode deployment(String name, int n) throws Exception {
        return JSON.readTree("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%1$s","namespace":"bench","uid":"uid-%1$s",
                 "resourceVersion":"%2$d","generation":%2$d,"creationTimestamp":"2026-11-01T08:00:00Z",
                 "labels":{"app.kubernetes.io/name":"%1$s","app.kubernetes.io/part-of":"shop","app.kubernetes.io/version":"1.%2$d",
                  "team":"payments","tier":"backend"},
                 "annotations":{"deployment.kubernetes.io/revision":"%2$d","owner":"payments-team@example.com",
                  "runbook":"https://runbooks.example.com/shop/%1$s"}},
                 "spec":{"replicas":3,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,
                  "selector":{"matchLabels":{"app.kubernetes.io/name":"%1$s"}},
                  "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%%","maxUnavailable":"25%%"}},
                  "template":{"metadata":{"labels":{"app.kubernetes.io/name":"%1$s","tier":"backend"},
                   "annotations":{"prometheus.io/scrape":"true","prometheus.io/port":"9102"}},
                   "spec":{"serviceAccountName":"%1$s","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",
                    "restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{"runAsNonRoot":true},
                    "containers":[{"name":"app","image":"registry.example.com/shop/%1$s:1.%2$d.0","imagePullPolicy":"IfNotPresent",
                     "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":9102,"protocol":"TCP"}],
                     "env":[{"name":"JAVA_OPTS","value":"-XX:MaxRAMPercentage=75"},{"name":"DB_HOST","value":"postgres.shop.svc"},
                      {"name":"DB_PASSWORD","valueFrom":{"secretKeyRef":{"name":"%1$s-db","key":"password"}}}],
                     "resources":{"requests":{"cpu":"250m","memory":"512Mi"},"limits":{"cpu":"1","memory":"1Gi"}},
                     "readinessProbe":{"httpGet":{"path":"/q/health/ready","port":8080,"scheme":"HTTP"},"periodSeconds":10,
                      "timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},
                     "livenessProbe":{"httpGet":{"path":"/q/health/live","port":8080,"scheme":"HTTP"},"periodSeconds":10,
                      "timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},
                     "volumeMounts":[{"name":"config","mountPath":"/config","readOnly":true}],
                     "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"},
                    {"name":"envoy","image":"envoyproxy/envoy:v1.31.2","ports":[{"containerPort":15001,"protocol":"TCP"}],
                     "resources":{"requests":{"cpu":"50m","memory":"64Mi"},"limits":{"cpu":"200m","memory":"128Mi"}},
                     "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
                    "volumes":[{"name":"config","configMap":{"name":"%1$s-config","defaultMode":420}}]}}}}
                """.formatted(name, n));
    }

    static boolean awaitVersions(Connection db, String cluster, int expected, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (scalar(db, "select count(*) from " + SCHEMA + ".resource_version v join " + SCHEMA
                    + ".tracked_resource t on t.id = v.tracked_id where t.cluster = ?", cluster) >= expected) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return false;
    }

    /** Every resource has versions 1..perResource, each once. */
    static boolean gapless(Connection db, String cluster, int perResource) throws SQLException {
        return scalar(db, "select count(*) from " + SCHEMA + ".tracked_resource t where t.cluster = ? and (t.latest_version <> "
                + perResource + " or (select count(distinct v.number) from " + SCHEMA + ".resource_version v where v.tracked_id = t.id) <> "
                + perResource + " or (select count(*) from " + SCHEMA + ".resource_version v where v.tracked_id = t.id) <> "
                + perResource + " or (select min(v.number) from " + SCHEMA + ".resource_version v where v.tracked_id = t.id) <> 1)",
                cluster) == 0;
    }

    static void storage(Connection db, String cluster) throws Exception {
        int json = JSON.writeValueAsBytes(deployment("bench-0", 2)).length;
        double manifest = scalar(db, "select avg(octet_length(v.manifest)) from " + SCHEMA + ".resource_version v join " + SCHEMA
                + ".tracked_resource t on t.id = v.tracked_id where t.cluster = ? and v.change_type = 'MODIFIED'", cluster);
        double row = scalar(db, "select avg(pg_column_size(v.*)) from " + SCHEMA + ".resource_version v join " + SCHEMA
                + ".tracked_resource t on t.id = v.tracked_id where t.cluster = ? and v.change_type = 'MODIFIED'", cluster);
        Out.line(Out.f("Storage per version of a typical Deployment changing one field (%,d bytes of JSON):", json));
        Out.line(Out.f("  manifest %,.0f bytes (gzip), whole row %,.0f bytes; identical content is not stored again",
                manifest, row));
    }

    static double scalar(Connection db, String sql, String cluster) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(sql)) {
            q.setString(1, cluster);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }

    private HistoryBench() {
    }
}
