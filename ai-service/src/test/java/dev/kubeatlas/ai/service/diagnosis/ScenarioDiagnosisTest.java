package dev.kubeatlas.ai.service.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every scenario fixture diagnosed end to end: the expected root cause (code, object, the concrete values its summary
 * must state) is found, correlation leaves no separate symptom finding for the same cause, no finding cites an
 * object the snapshot lacks (unless the code says the object is the missing reference), and no Secret value appears.
 */
class ScenarioDiagnosisTest {

    private final Diagnoser diagnoser = new Diagnoser();

    static Stream<Arguments> broken() {
        return Stream.of(
                arguments("crashloop-deployment", "container-crash-looping", "Deployment", "shop", "checkout",
                        List.of("exit code 1", "DATABASE_URL is not set", "3 of its 3 pods"), 1),
                arguments("oomkilled", "container-oom-killed", "Deployment", "shop", "api", List.of("256Mi", "exit code 137"), 1),
                arguments("missing-configmap", "configmap-missing", "ConfigMap", "shop", "app-config", List.of("app-config", "does not exist"), 1),
                arguments("missing-secret-key", "secret-key-missing", "Secret", "shop", "db-creds", List.of("no key password", "pass, username"), 1),
                arguments("image-not-found", "image-not-found", "Deployment", "shop", "web", List.of("registry.example.com/shop/web:v9.9", "not found"), 1),
                arguments("image-pull-unauthorized", "image-pull-unauthorized", "Deployment", "shop", "private-api",
                        List.of("401 Unauthorized", "neither the pod nor ServiceAccount default has imagePullSecrets"), 1),
                arguments("image-pull-secret-missing", "image-pull-secret-missing", "Secret", "ml", "regcred", List.of("regcred", "ServiceAccount builder"), 1),
                arguments("pending-insufficient-memory", "pod-unschedulable", "Deployment", "data", "analytics", List.of("3 Insufficient memory", "memory=24Gi"), 1),
                arguments("init-waits-for-missing-service", "init-dependency-service-missing", "Service", "db", "postgres",
                        List.of("wait-for-db", "running for 23 minutes", "postgres.db.svc.cluster.local"), 1),
                arguments("probe-port-mismatch", "probe-port-mismatch", "Deployment", "shop", "catalog", List.of("port 8081", "8080 (http)"), 1),
                arguments("evicted-pods", "pod-evicted", "Node", null, "worker-2", List.of("3 pods were evicted", "low on resource: memory"), 0),
                arguments("quota-exceeded", "quota-exceeded", "ResourceQuota", "shop", "compute-quota",
                        List.of("limits.memory=512Mi", "limits.memory used 2Gi of 2Gi", "Deployment shop/frontend"), 1),
                arguments("webhook-unreachable", "admission-webhook-unreachable", "ValidatingWebhookConfiguration", null, "policy-webhook",
                        List.of("validate.policy.example.com", "connection refused", "policy/policy-svc has 0 ready endpoint addresses"), 2),
                arguments("service-selector-mismatch", "service-selector-matches-no-pods", "Service", "shop", "storefront",
                        List.of("app=frontend,tier=web", "app=front-end"), 1),
                arguments("service-target-port-mismatch", "service-target-port-mismatch", "Service", "shop", "search",
                        List.of("named port http", "9200 (web)"), 1),
                arguments("service-backend-scaled-to-zero", "service-backend-scaled-to-zero", "Deployment", "shop", "recommendations",
                        List.of("scaled to 0 replicas", "Service recommendations"), 1),
                arguments("ingress-backend-service-missing", "ingress-backend-service-missing", "Service", "shop", "shop-frontend",
                        List.of("does not exist", "Ingress shop"), 1),
                arguments("ingressclass-missing", "ingressclass-missing", "IngressClass", null, "traefik", List.of("traefik", "blog/blog"), 1),
                arguments("storageclass-missing", "storageclass-missing", "StorageClass", null, "fast-ssd", List.of("fast-ssd", "db/data-postgres-0", "20Gi"), 1),
                arguments("pvc-no-matching-pv", "pvc-no-matching-pv", "PersistentVolumeClaim", "media", "uploads",
                        List.of("10Gi ReadWriteOnce", "local-pv-1 5Gi ReadWriteOnce"), 1),
                arguments("job-failed", "job-failed", "Job", "shop", "db-migrate",
                        List.of("BackoffLimitExceeded", "code 2", "relation \"orders\" does not exist"), 1),
                arguments("cronjob-failing", "cronjob-failing", "CronJob", "batch", "nightly-report",
                        List.of("last 3 runs", "exited with code 1", "SMTPAuthenticationError"), 1),
                arguments("cronjob-invalid-schedule", "cronjob-invalid-schedule", "CronJob", "ops", "cleanup", List.of("0 25 * * *", "hour value 25"), 1),
                arguments("node-not-ready", "node-not-ready", "Node", null, "worker-3", List.of("NodeStatusUnknown", "Kubelet stopped posting node status", "2 pods"), 1),
                arguments("hpa-missing-requests", "hpa-missing-requests", "HorizontalPodAutoscaler", "edge", "gateway", List.of("envoy (cpu)"), 0),
                arguments("pdb-blocks-eviction", "pdb-blocks-eviction", "PodDisruptionBudget", "kafka", "zookeeper", List.of("minAvailable 3", "3 pods"), 0),
                arguments("networkpolicy-default-deny", "networkpolicy-default-deny", "NetworkPolicy", "payments", "default-deny-ingress",
                        List.of("12 minutes before", "Service ledger"), 1),
                arguments("limitrange-violation", "limitrange-violation", "LimitRange", "team-a", "container-limits",
                        List.of("maximum memory usage per Container is 1Gi, but limit is 2Gi", "Deployment team-a/indexer"), 1));
    }

    @ParameterizedTest(name = "{0} → {1} on {2} {4}")
    @MethodSource("broken")
    void namesTheRootCause(String scenario, String code, String kind, String namespace, String name, List<String> summaryStates,
                           int expectedCritical) {
        ClusterSnapshot snapshot = Scenarios.load(scenario);
        List<Finding> findings = diagnoser.diagnose(snapshot, Scope.cluster());

        ObjectRef object = ObjectRef.of(kind, namespace, name);
        assertThat(findings).as("findings of %s: %s", scenario, summaries(findings))
                .anyMatch(f -> f.rootCause().code().equals(code) && f.object().equals(object));
        Finding root = findings.stream().filter(f -> f.rootCause().code().equals(code) && f.object().equals(object)).findFirst().orElseThrow();
        assertThat(root.rootCause().summary()).contains(summaryStates);
        assertThat(root.evidence()).isNotEmpty();
        assertThat(root.id()).isEqualTo(Finding.idOf(root.analyzer(), code, object));
        assertThat(findings.stream().filter(f -> f.severity() == Severity.CRITICAL))
                .as("critical findings of %s: %s", scenario, summaries(findings)).hasSize(expectedCritical);
        assertThat(findings).as("symptom findings survive correlation in %s", scenario)
                .noneMatch(f -> f.code().role() == DiagnosisCode.Role.SYMPTOM);
        assertCitesOnlyKnownObjects(snapshot, findings);
        assertNoSecretValue(scenario, findings);
    }

    @ParameterizedTest
    @ValueSource(strings = {"healthy-web", "healthy-batch", "healthy-autoscaled", "healthy-policies"})
    void healthyClusterWithNoiseHasNoFinding(String scenario) {
        ClusterSnapshot snapshot = Scenarios.load(scenario);
        List<Finding> findings = diagnoser.diagnose(snapshot, Scope.cluster());
        assertThat(findings).as("findings of %s: %s", scenario, summaries(findings)).isEmpty();
        assertNoSecretValue(scenario, findings);
    }

    @ParameterizedTest
    @ValueSource(strings = {"crashloop-deployment", "quota-exceeded", "missing-configmap", "webhook-unreachable"})
    void diagnosisIsDeterministic(String scenario) throws Exception {
        String first = Scenarios.JSON.writeValueAsString(diagnoser.diagnose(Scenarios.load(scenario), Scope.cluster()));
        String second = Scenarios.JSON.writeValueAsString(diagnoser.diagnose(Scenarios.load(scenario), Scope.cluster()));
        assertThat(first).isEqualTo(second);
    }

    private static void assertCitesOnlyKnownObjects(ClusterSnapshot snapshot, List<Finding> findings) {
        for (Finding f : findings) {
            if (!f.code().objectMayBeMissing()) {
                assertThat(snapshot.contains(f.object())).as("object of %s exists", f.rootCause().code()).isTrue();
            }
            for (ObjectRef s : f.symptoms()) {
                assertThat(snapshot.contains(s)).as("symptom %s of %s exists", s, f.rootCause().code()).isTrue();
            }
            for (Evidence e : f.evidence()) {
                assertThat(snapshot.contains(e.object())).as("evidence object %s of %s exists", e.object(), f.rootCause().code()).isTrue();
            }
        }
    }

    /** Every value of every Secret in the fixture, plain and base64, must be absent from the findings' JSON. */
    private static void assertNoSecretValue(String scenario, List<Finding> findings) {
        String json;
        try {
            json = Scenarios.JSON.writeValueAsString(findings);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        for (JsonNode secret : Scenarios.raw(scenario).path("secrets")) {
            secret.path("data").fields().forEachRemaining(e -> {
                String encoded = e.getValue().asText();
                String plain = new String(Base64.getDecoder().decode(encoded));
                assertThat(json).doesNotContain(encoded).doesNotContain(plain);
            });
        }
    }

    private static List<String> summaries(List<Finding> findings) {
        List<String> out = new ArrayList<>();
        findings.forEach(f -> out.add(f.severity().json() + " " + f.rootCause().code() + " " + f.object().display() + ": " + f.rootCause().summary()));
        return out;
    }
}
