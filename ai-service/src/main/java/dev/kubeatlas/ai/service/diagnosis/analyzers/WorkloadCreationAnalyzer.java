package dev.kubeatlas.ai.service.diagnosis.analyzers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.ai.service.diagnosis.Analyzer;
import dev.kubeatlas.ai.service.diagnosis.ClusterSnapshot;
import dev.kubeatlas.ai.service.diagnosis.DiagnosisCode;
import dev.kubeatlas.ai.service.diagnosis.Evidence;
import dev.kubeatlas.ai.service.diagnosis.Finding;
import dev.kubeatlas.ai.service.diagnosis.KubeObjects;
import dev.kubeatlas.ai.service.diagnosis.ObjectRef;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.list;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides why a controller cannot create pods, from its recent {@code FailedCreate} events: a ResourceQuota that
 * is full (with the quota's requested/used/hard), an admission webhook that denies the pod or cannot be reached
 * (with the state of its Service), a LimitRange the pod violates, a ServiceAccount that does not exist. The cause
 * object is the quota, webhook configuration, LimitRange or ServiceAccount, so one cause blocking many workloads
 * is one finding.
 */
public final class WorkloadCreationAnalyzer implements Analyzer {

    static final long RECENT_SECONDS = 3600;

    private static final Pattern QUOTA = Pattern.compile("exceeded quota: ([^,]+), requested: (.+?), used: (.+?), limited: (.+)$");
    private static final Pattern WEBHOOK_DENIED = Pattern.compile("admission webhook \"([^\"]+)\" denied the request:?\\s*(.*)$");
    private static final Pattern WEBHOOK_CALL = Pattern.compile("failed calling webhook \"([^\"]+)\":\\s*(.*)$");
    private static final Pattern SERVICE_ACCOUNT = Pattern.compile("serviceaccount \"([^\"]+)\" not found");
    private static final Pattern LIMIT = Pattern.compile("(maximum|minimum) \\S+ usage per (Container|Pod|PersistentVolumeClaim) is [^,\\]]+|must be less than or equal to \\S+ limit");

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (String kind : List.of("ReplicaSet", "StatefulSet", "DaemonSet", "Job")) {
            for (JsonNode w : snapshot.all(kind)) {
                ObjectRef ref = KubeObjects.ref(kind, w);
                List<JsonNode> events = snapshot.recentEvents(ref, RECENT_SECONDS, "FailedCreate");
                if (events.isEmpty()) {
                    continue;
                }
                JsonNode event = events.get(events.size() - 1);
                List<ObjectRef> symptoms = new ArrayList<>(List.of(ref));
                ObjectRef top = ownerChainTop(snapshot, w);
                if (top != null) {
                    symptoms.add(top);
                }
                findings.add(finding(snapshot, ref, top != null ? top : ref, symptoms, event));
            }
        }
        return findings;
    }

    private static ObjectRef ownerChainTop(ClusterSnapshot snapshot, JsonNode w) {
        ObjectRef owner = snapshot.controllerOf(w);
        ObjectRef top = null;
        while (owner != null && top != owner) {
            top = owner;
            JsonNode o = snapshot.get(owner);
            owner = o == null ? null : snapshot.controllerOf(o);
        }
        return top;
    }

    private static Finding finding(ClusterSnapshot snapshot, ObjectRef ref, ObjectRef workload, List<ObjectRef> symptoms, JsonNode event) {
        String message = text(event, "message");
        String at = String.valueOf(ClusterSnapshot.eventTime(event));
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.event(ref, "FailedCreate", KubeObjects.clip(message, 300), at));
        String ns = ref.namespace();
        Matcher m;
        if ((m = QUOTA.matcher(message)).find()) {
            ObjectRef quota = ObjectRef.of("ResourceQuota", ns, m.group(1).trim());
            JsonNode q = snapshot.get(quota);
            StringBuilder usage = new StringBuilder();
            if (q != null) {
                for (String pair : m.group(4).split(",")) {
                    String resource = pair.split("=")[0].trim();
                    String used = text(q, "status", "used", resource);
                    String hard = text(q, "status", "hard", resource);
                    if (hard != null) {
                        evidence.add(Evidence.status(quota, "status.used." + resource + " / status.hard." + resource, used + " / " + hard, null));
                        usage.append(usage.isEmpty() ? "" : ", ").append(resource).append(" used ").append(used).append(" of ").append(hard);
                    }
                }
            }
            return Finding.of(DiagnosisCode.QUOTA_EXCEEDED, q != null ? quota : workload,
                    "ResourceQuota " + ns + "/" + quota.name() + " blocks new pods of " + workload.display()
                            + ": each pod requests " + m.group(2).trim() + " but " + m.group(3).trim() + " is already used of "
                            + m.group(4).trim() + (usage.isEmpty() ? "" : " (quota status: " + usage + ")") + ".",
                    symptoms, evidence,
                    "Raise the quota's hard limits, lower the pods' requests/limits, or free quota by removing unused workloads in " + ns + ".");
        }
        if ((m = WEBHOOK_DENIED.matcher(message)).find() || (m = WEBHOOK_CALL.matcher(message)).find()) {
            boolean denied = message.contains("denied the request");
            String webhook = m.group(1);
            ObjectRef config = webhookConfiguration(snapshot, webhook);
            String serviceState = "";
            if (config != null) {
                evidence.add(Evidence.spec(config, "webhooks[" + webhook + "].failurePolicy", webhookField(snapshot.get(config), webhook, "failurePolicy")));
                ObjectRef service = webhookService(snapshot.get(config), webhook);
                if (service != null) {
                    if (!snapshot.contains(service)) {
                        serviceState = "; its Service " + service.namespace() + "/" + service.name() + " does not exist";
                        evidence.add(Evidence.relation(config, "webhooks[" + webhook + "].clientConfig.service", service.namespace() + "/" + service.name() + " not found"));
                    } else {
                        int ready = Services.readyAddresses(snapshot, service);
                        serviceState = "; its Service " + service.namespace() + "/" + service.name() + " has " + Math.max(ready, 0) + " ready endpoint addresses";
                        evidence.add(Evidence.relation(service, "ready endpoint addresses", Math.max(ready, 0)));
                    }
                }
            }
            ObjectRef object = config != null ? config : workload;
            if (denied) {
                return Finding.of(DiagnosisCode.ADMISSION_WEBHOOK_DENIED, object,
                        "Admission webhook " + webhook + " denies the pods of " + workload.display() + ": \""
                                + KubeObjects.clip(m.group(2), 200) + "\".",
                        symptoms, evidence, "Change the pod template to satisfy the policy the webhook enforces, or adjust the policy.");
            }
            return Finding.of(DiagnosisCode.ADMISSION_WEBHOOK_UNREACHABLE, object,
                    "Admission webhook " + webhook + " cannot be called, so pods of " + workload.display()
                            + " are rejected (" + KubeObjects.clip(m.group(2), 200) + ")" + serviceState + ".",
                    symptoms, evidence,
                    "Bring the webhook's backend back (its Deployment and Service), or set failurePolicy: Ignore / narrow its namespaceSelector.");
        }
        if ((m = SERVICE_ACCOUNT.matcher(message)).find()) {
            ObjectRef sa = ObjectRef.of("ServiceAccount", ns, m.group(1));
            evidence.add(Evidence.relation(ref, "ServiceAccount " + ns + "/" + m.group(1), "not found in the cluster"));
            return Finding.of(DiagnosisCode.SERVICEACCOUNT_MISSING, sa,
                    "ServiceAccount " + ns + "/" + m.group(1) + " does not exist, so " + workload.display() + " cannot create its pods.",
                    symptoms, evidence, "Create ServiceAccount " + m.group(1) + " in " + ns + " or correct serviceAccountName in the pod template.");
        }
        if ((m = LIMIT.matcher(message)).find()) {
            List<JsonNode> ranges = snapshot.inNamespace("LimitRange", ns);
            ObjectRef object = ranges.isEmpty() ? workload : KubeObjects.ref("LimitRange", ranges.get(0));
            for (JsonNode lr : ranges) {
                for (JsonNode limit : list(lr, "spec", "limits")) {
                    evidence.add(Evidence.spec(KubeObjects.ref("LimitRange", lr), "spec.limits[" + text(limit, "type") + "].max",
                            KubeObjects.labelsText(KubeObjects.stringMap(limit, "max"))));
                }
            }
            return Finding.of(DiagnosisCode.LIMITRANGE_VIOLATION, object,
                    (ranges.isEmpty() ? "A LimitRange" : "LimitRange " + object.namespace() + "/" + object.name())
                            + " rejects the pods of " + workload.display() + ": " + KubeObjects.clip(message.substring(message.indexOf("forbidden") >= 0 ? message.indexOf("forbidden") : 0), 240) + ".",
                    symptoms, evidence, "Bring the pod template's requests/limits within the LimitRange, or change the LimitRange.");
        }
        return Finding.of(DiagnosisCode.POD_CREATION_FAILED, workload,
                ref.display() + " cannot create pods: " + KubeObjects.clip(message, 260) + ".",
                symptoms, evidence, "Resolve the error the controller reports.");
    }

    private static ObjectRef webhookConfiguration(ClusterSnapshot snapshot, String webhook) {
        for (String kind : List.of("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")) {
            for (JsonNode c : snapshot.all(kind)) {
                for (JsonNode w : list(c, "webhooks")) {
                    if (webhook.equals(text(w, "name"))) {
                        return KubeObjects.ref(kind, c);
                    }
                }
            }
        }
        return null;
    }

    private static String webhookField(JsonNode config, String webhook, String field) {
        for (JsonNode w : list(config, "webhooks")) {
            if (webhook.equals(text(w, "name"))) {
                String v = text(w, field);
                return v == null ? "Fail" : v;
            }
        }
        return null;
    }

    private static ObjectRef webhookService(JsonNode config, String webhook) {
        for (JsonNode w : list(config, "webhooks")) {
            if (webhook.equals(text(w, "name")) && w.path("clientConfig").has("service")) {
                return ObjectRef.of("Service", text(w, "clientConfig", "service", "namespace"), text(w, "clientConfig", "service", "name"));
            }
        }
        return null;
    }
}
