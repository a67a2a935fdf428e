package dev.kubeatlas.ai.service.diagnosis;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.kubeatlas.ai.service.diagnosis.DiagnosisCode.Role.CONTEXTUAL;
import static dev.kubeatlas.ai.service.diagnosis.DiagnosisCode.Role.ROOT;
import static dev.kubeatlas.ai.service.diagnosis.DiagnosisCode.Role.SYMPTOM;
import static dev.kubeatlas.ai.service.diagnosis.Severity.CRITICAL;
import static dev.kubeatlas.ai.service.diagnosis.Severity.INFO;
import static dev.kubeatlas.ai.service.diagnosis.Severity.WARNING;

/**
 * The catalogue of root-cause codes, mirrored by {@code docs/diagnosis-codes.md} (a test keeps both equal). Each
 * code fixes its analyzer, its severity, its role in correlation and whether its object may be a reference that
 * is missing from the cluster.
 */
public enum DiagnosisCode {
    POD_UNSCHEDULABLE("pod-unschedulable", "pod-scheduling", CRITICAL, CONTEXTUAL, false),
    CONTAINER_CRASH_LOOPING("container-crash-looping", "container-crash", CRITICAL, ROOT, false),
    CONTAINER_OOM_KILLED("container-oom-killed", "container-crash", CRITICAL, ROOT, false),
    CONFIGMAP_MISSING("configmap-missing", "container-config", CRITICAL, ROOT, true),
    CONFIGMAP_KEY_MISSING("configmap-key-missing", "container-config", CRITICAL, ROOT, false),
    SECRET_MISSING("secret-missing", "container-config", CRITICAL, ROOT, true),
    SECRET_KEY_MISSING("secret-key-missing", "container-config", CRITICAL, ROOT, false),
    CONTAINER_CONFIG_ERROR("container-config-error", "container-config", CRITICAL, ROOT, false),
    IMAGE_NOT_FOUND("image-not-found", "image-pull", CRITICAL, ROOT, false),
    IMAGE_PULL_UNAUTHORIZED("image-pull-unauthorized", "image-pull", CRITICAL, ROOT, false),
    IMAGE_PULL_SECRET_MISSING("image-pull-secret-missing", "image-pull", CRITICAL, ROOT, true),
    IMAGE_PULL_FAILED("image-pull-failed", "image-pull", CRITICAL, ROOT, false),
    INIT_DEPENDENCY_SERVICE_MISSING("init-dependency-service-missing", "init-container", CRITICAL, ROOT, true),
    INIT_CONTAINER_STUCK("init-container-stuck", "init-container", CRITICAL, ROOT, false),
    INIT_CONTAINER_FAILING("init-container-failing", "init-container", CRITICAL, ROOT, false),
    PROBE_PORT_MISMATCH("probe-port-mismatch", "probe", CRITICAL, ROOT, false),
    PROBE_FAILING("probe-failing", "probe", WARNING, ROOT, false),
    POD_EVICTED("pod-evicted", "pod-eviction", WARNING, ROOT, false),
    WORKLOAD_UNAVAILABLE("workload-unavailable", "workload-availability", CRITICAL, SYMPTOM, false),
    ROLLOUT_STALLED("rollout-stalled", "workload-availability", WARNING, SYMPTOM, false),
    QUOTA_EXCEEDED("quota-exceeded", "workload-creation", CRITICAL, ROOT, false),
    ADMISSION_WEBHOOK_DENIED("admission-webhook-denied", "workload-creation", CRITICAL, ROOT, false),
    ADMISSION_WEBHOOK_UNREACHABLE("admission-webhook-unreachable", "workload-creation", CRITICAL, ROOT, false),
    LIMITRANGE_VIOLATION("limitrange-violation", "workload-creation", CRITICAL, ROOT, false),
    SERVICEACCOUNT_MISSING("serviceaccount-missing", "workload-creation", CRITICAL, ROOT, true),
    POD_CREATION_FAILED("pod-creation-failed", "workload-creation", CRITICAL, ROOT, false),
    SERVICE_SELECTOR_MATCHES_NO_PODS("service-selector-matches-no-pods", "service", CRITICAL, ROOT, false),
    SERVICE_BACKEND_SCALED_TO_ZERO("service-backend-scaled-to-zero", "service", CRITICAL, ROOT, false),
    SERVICE_TARGET_PORT_MISMATCH("service-target-port-mismatch", "service", CRITICAL, ROOT, false),
    SERVICE_NO_READY_ENDPOINTS("service-no-ready-endpoints", "service", CRITICAL, SYMPTOM, false),
    INGRESS_BACKEND_SERVICE_MISSING("ingress-backend-service-missing", "ingress", CRITICAL, ROOT, true),
    INGRESS_BACKEND_PORT_MISSING("ingress-backend-port-missing", "ingress", CRITICAL, ROOT, false),
    INGRESSCLASS_MISSING("ingressclass-missing", "ingress", CRITICAL, ROOT, true),
    INGRESS_TLS_SECRET_MISSING("ingress-tls-secret-missing", "ingress", WARNING, ROOT, true),
    PVC_NO_STORAGECLASS("pvc-no-storageclass", "pvc", CRITICAL, ROOT, false),
    STORAGECLASS_MISSING("storageclass-missing", "pvc", CRITICAL, ROOT, true),
    PVC_NO_MATCHING_PV("pvc-no-matching-pv", "pvc", CRITICAL, ROOT, false),
    PVC_PROVISIONING_FAILED("pvc-provisioning-failed", "pvc", CRITICAL, ROOT, false),
    JOB_FAILED("job-failed", "job", CRITICAL, CONTEXTUAL, false),
    CRONJOB_FAILING("cronjob-failing", "cronjob", CRITICAL, ROOT, false),
    CRONJOB_INVALID_SCHEDULE("cronjob-invalid-schedule", "cronjob", CRITICAL, ROOT, false),
    NODE_NOT_READY("node-not-ready", "node", CRITICAL, ROOT, false),
    NODE_PRESSURE("node-pressure", "node", WARNING, ROOT, false),
    NODE_UNSCHEDULABLE("node-unschedulable", "node", INFO, CONTEXTUAL, false),
    HPA_TARGET_MISSING("hpa-target-missing", "hpa", CRITICAL, ROOT, false),
    HPA_MISSING_REQUESTS("hpa-missing-requests", "hpa", WARNING, ROOT, false),
    HPA_AT_MAX_REPLICAS("hpa-at-max-replicas", "hpa", WARNING, ROOT, false),
    PDB_BLOCKS_EVICTION("pdb-blocks-eviction", "pdb", WARNING, ROOT, false),
    NETWORKPOLICY_DEFAULT_DENY("networkpolicy-default-deny", "networkpolicy", CRITICAL, ROOT, false),
    QUOTA_EXHAUSTED("quota-exhausted", "resourcequota", WARNING, CONTEXTUAL, false);

    /**
     * How correlation treats a code: a ROOT finding stands; a CONTEXTUAL one stands unless a ROOT finding explains
     * the same objects; a SYMPTOM finding stands only when nothing else explains it.
     */
    public enum Role { ROOT, CONTEXTUAL, SYMPTOM }

    private static final Map<String, DiagnosisCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(DiagnosisCode::code, Function.identity()));

    private final String code;
    private final String analyzer;
    private final Severity severity;
    private final Role role;
    private final boolean objectMayBeMissing;

    DiagnosisCode(String code, String analyzer, Severity severity, Role role, boolean objectMayBeMissing) {
        this.code = code;
        this.analyzer = analyzer;
        this.severity = severity;
        this.role = role;
        this.objectMayBeMissing = objectMayBeMissing;
    }

    public static DiagnosisCode byCode(String code) {
        DiagnosisCode c = BY_CODE.get(code);
        if (c == null) {
            throw new IllegalArgumentException("Unknown diagnosis code " + code);
        }
        return c;
    }

    public String code() {
        return code;
    }

    public String analyzer() {
        return analyzer;
    }

    public Severity severity() {
        return severity;
    }

    public Role role() {
        return role;
    }

    /** True when the finding's object is a reference that the cluster lacks (the finding says it is missing). */
    public boolean objectMayBeMissing() {
        return objectMayBeMissing;
    }
}
