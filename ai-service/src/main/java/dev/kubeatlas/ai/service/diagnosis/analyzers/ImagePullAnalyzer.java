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
import java.util.Locale;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.list;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides why an image cannot be pulled (ImagePullBackOff, ErrImagePull): a referenced pull Secret that does not
 * exist (on the pod or its ServiceAccount), an image the registry does not know, credentials the registry refuses,
 * or another pull failure — told apart by the kubelet's {@code Failed} event message.
 */
public final class ImagePullAnalyzer implements Analyzer {

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode pod : snapshot.all("Pod")) {
            if (Pods.terminal(pod)) {
                continue;
            }
            List<JsonNode> statuses = new ArrayList<>(Pods.initContainerStatuses(pod));
            statuses.addAll(Pods.containerStatuses(pod));
            for (JsonNode s : statuses) {
                String reason = Pods.waitingReason(s);
                if ("ImagePullBackOff".equals(reason) || "ErrImagePull".equals(reason)) {
                    findings.addAll(analyze(snapshot, pod, s));
                    break;
                }
            }
        }
        return findings;
    }

    private static List<Finding> analyze(ClusterSnapshot snapshot, JsonNode pod, JsonNode status) {
        ObjectRef ref = Pods.ref(pod);
        String container = text(status, "name");
        String image = text(Pods.container(pod, container), "image");
        if (image == null) {
            image = text(status, "image");
        }
        JsonNode event = null;
        for (JsonNode e : snapshot.eventsFor(ref)) {
            String m = text(e, "message");
            if ("Failed".equals(text(e, "reason")) && m != null && m.contains("ull image")) {
                event = e;
            }
        }
        String message = event != null ? text(event, "message") : text(status, "state", "waiting", "message");
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.spec(ref, "spec.containers[" + container + "].image", image));
        evidence.add(Evidence.status(ref, Pods.statusField(pod, container, "state.waiting.reason"), Pods.waitingReason(status), null));
        if (event != null) {
            evidence.add(Evidence.event(ref, "Failed", KubeObjects.clip(message, 300), String.valueOf(ClusterSnapshot.eventTime(event))));
        }

        String saName = text(pod, "spec", "serviceAccountName");
        if (saName == null) {
            saName = "default";
        }
        List<String> podSecrets = names(list(pod, "spec", "imagePullSecrets"));
        JsonNode sa = snapshot.get("ServiceAccount", ref.namespace(), saName);
        List<String> saSecrets = sa == null ? List.of() : names(list(sa, "imagePullSecrets"));
        List<Finding> out = new ArrayList<>();
        for (String s : podSecrets) {
            missingSecret(snapshot, ref, s, "spec.imagePullSecrets", ref, image, out, evidence);
        }
        ObjectRef saRef = ObjectRef.of("ServiceAccount", ref.namespace(), saName);
        for (String s : saSecrets) {
            missingSecret(snapshot, ref, s, "imagePullSecrets", saRef, image, out, evidence);
        }
        if (!out.isEmpty()) {
            return out;
        }

        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        String said = message == null ? "" : " (" + tail(message, 200) + ")";
        String who = "Container " + container + " of pod " + ref.namespace() + "/" + ref.name();
        if (lower.contains("unauthorized") || lower.contains("authentication required") || lower.contains("pull access denied")
                || lower.contains("403 forbidden") || lower.contains("no basic auth credentials") || lower.contains("denied:")) {
            List<String> all = new ArrayList<>(podSecrets);
            all.addAll(saSecrets);
            String secrets = all.isEmpty() ? "neither the pod nor ServiceAccount " + saName + " has imagePullSecrets"
                    : "the pull secrets " + String.join(", ", all) + " exist but their credentials are refused";
            evidence.add(Evidence.relation(ref, "imagePullSecrets (pod + ServiceAccount " + saName + ")",
                    all.isEmpty() ? "none" : String.join(",", all)));
            return List.of(Finding.of(DiagnosisCode.IMAGE_PULL_UNAUTHORIZED, ref,
                    who + " cannot pull " + image + ": the registry refuses access and " + secrets + said + ".",
                    List.of(), evidence,
                    all.isEmpty() ? "Create a docker-registry Secret with credentials for the registry and add it to the pod's or ServiceAccount's imagePullSecrets."
                            : "Renew the registry credentials in the pull secrets, or grant them read access to the repository."));
        }
        if (lower.contains("not found") || lower.contains("manifest unknown") || lower.contains("name unknown")
                || lower.contains("does not exist")) {
            return List.of(Finding.of(DiagnosisCode.IMAGE_NOT_FOUND, ref,
                    who + " cannot pull " + image + ": the registry has no such image or tag" + said + ".",
                    List.of(), evidence, "Correct the image name or tag, or push the image to the registry."));
        }
        return List.of(Finding.of(DiagnosisCode.IMAGE_PULL_FAILED, ref,
                who + " cannot pull " + image + (message == null ? " (no kubelet message yet)" : said) + ".",
                List.of(), evidence, "Check that the node can reach the registry (DNS, proxy, firewall) and that the registry is up."));
    }

    private static void missingSecret(ClusterSnapshot snapshot, ObjectRef pod, String secret, String field, ObjectRef holder,
                                      String image, List<Finding> out, List<Evidence> evidence) {
        if (snapshot.secretKeys(pod.namespace(), secret) != null) {
            return;
        }
        List<Evidence> e = new ArrayList<>(evidence);
        if (snapshot.contains(holder)) {
            e.add(Evidence.spec(holder, field, secret));
        }
        e.add(Evidence.relation(pod, "Secret " + pod.namespace() + "/" + secret, "not found in the cluster"));
        out.add(Finding.of(DiagnosisCode.IMAGE_PULL_SECRET_MISSING, ObjectRef.of("Secret", pod.namespace(), secret),
                "Image pull secret " + pod.namespace() + "/" + secret + " named in " + holder.kind() + " " + holder.name()
                        + "'s " + field + " does not exist, so pod " + pod.name() + " cannot pull " + image + ".",
                List.of(pod), e,
                "Create the docker-registry Secret " + secret + " in namespace " + pod.namespace() + ", or fix the name."));
    }

    /** The end of a pull error, where containerd puts the registry's answer ("not found", "401 Unauthorized"). */
    private static String tail(String message, int max) {
        String one = KubeObjects.clip(message, Integer.MAX_VALUE);
        return one.length() <= max ? one : "…" + one.substring(one.length() - max + 1);
    }

    private static List<String> names(List<JsonNode> refs) {
        return refs.stream().map(r -> text(r, "name")).filter(n -> n != null).toList();
    }
}
