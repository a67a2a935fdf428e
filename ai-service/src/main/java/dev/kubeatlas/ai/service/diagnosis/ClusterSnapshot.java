package dev.kubeatlas.ai.service.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.list;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.name;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.namespace;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * The objects of one cluster (or of a namespace scope) at one moment, as the API server returns them, indexed once
 * for the lookups analyzers need: by namespace and name, by uid and owner, pods by label, node and owner, events by
 * the object they involve. ConfigMaps keep names and keys only; Secrets names, keys and type only — never a value,
 * never an annotation (a {@code last-applied-configuration} would carry the values).
 */
public final class ClusterSnapshot {

    /** Plural resource name (and common short aliases) → kind. */
    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("pods", "Pod"), Map.entry("deployments", "Deployment"), Map.entry("replicasets", "ReplicaSet"),
            Map.entry("statefulsets", "StatefulSet"), Map.entry("daemonsets", "DaemonSet"), Map.entry("jobs", "Job"),
            Map.entry("cronjobs", "CronJob"), Map.entry("services", "Service"), Map.entry("endpoints", "Endpoints"),
            Map.entry("ingresses", "Ingress"), Map.entry("ingressclasses", "IngressClass"),
            Map.entry("configmaps", "ConfigMap"), Map.entry("secrets", "Secret"),
            Map.entry("serviceaccounts", "ServiceAccount"),
            Map.entry("persistentvolumeclaims", "PersistentVolumeClaim"), Map.entry("pvcs", "PersistentVolumeClaim"),
            Map.entry("persistentvolumes", "PersistentVolume"), Map.entry("pvs", "PersistentVolume"),
            Map.entry("storageclasses", "StorageClass"), Map.entry("nodes", "Node"), Map.entry("events", "Event"),
            Map.entry("networkpolicies", "NetworkPolicy"), Map.entry("resourcequotas", "ResourceQuota"),
            Map.entry("limitranges", "LimitRange"),
            Map.entry("horizontalpodautoscalers", "HorizontalPodAutoscaler"), Map.entry("hpas", "HorizontalPodAutoscaler"),
            Map.entry("poddisruptionbudgets", "PodDisruptionBudget"), Map.entry("pdbs", "PodDisruptionBudget"),
            Map.entry("mutatingwebhookconfigurations", "MutatingWebhookConfiguration"),
            Map.entry("validatingwebhookconfigurations", "ValidatingWebhookConfiguration"),
            Map.entry("namespaces", "Namespace"));

    /** The short aliases among the keys of {@link #KINDS}; the other keys are the plural names of the API. */
    private static final Set<String> ALIASES = Set.of("pvcs", "pvs", "hpas", "pdbs");

    /** The plural resource names a snapshot is made of, as the API serves them (no aliases). */
    public static Set<String> resources() {
        Set<String> plurals = new TreeSet<>(KINDS.keySet());
        plurals.removeAll(ALIASES);
        return plurals;
    }

    /** The kind of a plural resource name (or alias), or null when a snapshot does not hold that type. */
    public static String kindOf(String plural) {
        return plural == null ? null : KINDS.get(plural.toLowerCase(java.util.Locale.ROOT));
    }

    /** The workload kinds whose pods a finding can be rolled up to. */
    public static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob");

    private static final Comparator<JsonNode> BY_NAMESPACE_NAME = Comparator
            .comparing((JsonNode n) -> String.valueOf(namespace(n))).thenComparing(n -> String.valueOf(name(n)));

    private final Instant capturedAt;
    private final Map<String, List<JsonNode>> byKind = new HashMap<>();
    private final Map<ObjectRef, JsonNode> byRef = new HashMap<>();
    private final Map<String, ObjectRef> refByUid = new HashMap<>();
    private final Map<String, List<ObjectRef>> ownedByUid = new HashMap<>();
    private final Map<String, List<JsonNode>> podsByNamespace = new HashMap<>();
    private final Map<String, List<JsonNode>> podsByLabel = new HashMap<>();
    private final Map<String, List<JsonNode>> podsByNode = new HashMap<>();
    private final Map<ObjectRef, List<JsonNode>> eventsByObject = new HashMap<>();
    private final Set<String> namespaces = new TreeSet<>();

    private ClusterSnapshot(Map<String, List<JsonNode>> objectsByPlural, Instant capturedAt) {
        for (Map.Entry<String, List<JsonNode>> e : objectsByPlural.entrySet()) {
            String kind = KINDS.get(e.getKey().toLowerCase(java.util.Locale.ROOT));
            if (kind == null) {
                throw new IllegalArgumentException("Unknown resource " + e.getKey());
            }
            List<JsonNode> objects = byKind.computeIfAbsent(kind, k -> new ArrayList<>());
            for (JsonNode o : e.getValue()) {
                objects.add(switch (kind) {
                    case "Secret" -> withoutValues(o, true);
                    case "ConfigMap" -> withoutValues(o, false);
                    default -> o;
                });
            }
        }
        byKind.values().forEach(l -> l.sort(BY_NAMESPACE_NAME));
        byKind.forEach((kind, objects) -> objects.forEach(o -> index(kind, o)));
        eventsByObject.values().forEach(l -> l.sort(Comparator.comparing(ClusterSnapshot::eventTimeOrEpoch)));
        this.capturedAt = capturedAt != null ? capturedAt : latestTimestamp();
    }

    /** A snapshot of objects keyed by plural resource name, observed at {@code capturedAt}. */
    public static ClusterSnapshot of(Map<String, List<JsonNode>> objectsByPlural, Instant capturedAt) {
        return new ClusterSnapshot(objectsByPlural, capturedAt);
    }

    /** A snapshot whose moment is the newest timestamp it contains (its last event). */
    public static ClusterSnapshot of(Map<String, List<JsonNode>> objectsByPlural) {
        return new ClusterSnapshot(objectsByPlural, null);
    }

    private void index(String kind, JsonNode o) {
        ObjectRef ref = KubeObjects.ref(kind, o);
        byRef.put(ref, o);
        if (ref.namespace() != null) {
            namespaces.add(ref.namespace());
        }
        if ("Namespace".equals(kind)) {
            namespaces.add(ref.name());
        }
        String uid = KubeObjects.uid(o);
        if (uid != null) {
            refByUid.put(uid, ref);
        }
        for (JsonNode owner : list(o, "metadata", "ownerReferences")) {
            String ownerUid = text(owner, "uid");
            String key = ownerUid != null ? ownerUid : text(owner, "kind") + "/" + ref.namespace() + "/" + text(owner, "name");
            ownedByUid.computeIfAbsent(key, k -> new ArrayList<>()).add(ref);
        }
        if ("Pod".equals(kind)) {
            podsByNamespace.computeIfAbsent(ref.namespace(), k -> new ArrayList<>()).add(o);
            KubeObjects.labels(o).forEach((k, v) ->
                    podsByLabel.computeIfAbsent(ref.namespace() + "\u0000" + k + "=" + v, x -> new ArrayList<>()).add(o));
            String node = text(o, "spec", "nodeName");
            if (node != null) {
                podsByNode.computeIfAbsent(node, k -> new ArrayList<>()).add(o);
            }
        }
        if ("Event".equals(kind)) {
            JsonNode involved = o.has("involvedObject") ? o.get("involvedObject") : o.path("regarding");
            String ns = text(involved, "namespace");
            ObjectRef target = ObjectRef.of(text(involved, "kind"), ns != null ? ns : ref.namespace(), text(involved, "name"));
            if (target.kind() != null && target.name() != null) {
                if (text(involved, "namespace") == null && isClusterScoped(target.kind())) {
                    target = ObjectRef.of(target.kind(), null, target.name());
                }
                eventsByObject.computeIfAbsent(target, k -> new ArrayList<>()).add(o);
            }
        }
    }

    public static boolean isClusterScoped(String kind) {
        return Set.of("Node", "PersistentVolume", "StorageClass", "IngressClass", "Namespace",
                "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration").contains(kind);
    }

    /** Keeps a ConfigMap's or Secret's identity and key names; values and annotations are dropped here, once. */
    private static JsonNode withoutValues(JsonNode o, boolean secret) {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        for (String f : List.of("name", "namespace", "uid", "creationTimestamp", "labels", "ownerReferences")) {
            if (o.path("metadata").has(f)) {
                meta.set(f, o.path("metadata").get(f));
            }
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        copy.set("metadata", meta);
        if (secret && o.has("type")) {
            copy.put("type", o.get("type").asText());
        }
        var keys = copy.putArray("keys");
        Set<String> names = new TreeSet<>();
        for (String field : List.of("data", "binaryData", "stringData")) {
            o.path(field).fieldNames().forEachRemaining(names::add);
        }
        names.forEach(keys::add);
        return copy;
    }

    private Instant latestTimestamp() {
        Instant latest = Instant.EPOCH;
        for (JsonNode e : byKind.getOrDefault("Event", List.of())) {
            Instant t = eventTime(e);
            if (t != null && t.isAfter(latest)) {
                latest = t;
            }
        }
        return latest;
    }

    /** When an event was last seen: {@code series.lastObservedTime}, {@code lastTimestamp}, {@code eventTime} or {@code firstTimestamp}. */
    public static Instant eventTime(JsonNode event) {
        for (String[] path : new String[][]{{"series", "lastObservedTime"}, {"lastTimestamp"}, {"eventTime"},
                {"firstTimestamp"}, {"metadata", "creationTimestamp"}}) {
            Instant t = KubeObjects.instant(text(event, path));
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static Instant eventTimeOrEpoch(JsonNode event) {
        Instant t = eventTime(event);
        return t == null ? Instant.EPOCH : t;
    }

    /** The moment the snapshot describes; analyzers measure ages ("stuck for 12 minutes") against it, never the clock. */
    public Instant capturedAt() {
        return capturedAt;
    }

    /** Every object of a kind, ordered by namespace and name. */
    public List<JsonNode> all(String kind) {
        return Collections.unmodifiableList(byKind.getOrDefault(kind, List.of()));
    }

    public JsonNode get(ObjectRef ref) {
        return byRef.get(ref);
    }

    public JsonNode get(String kind, String namespace, String name) {
        return byRef.get(ObjectRef.of(kind, namespace, name));
    }

    public boolean contains(ObjectRef ref) {
        return byRef.containsKey(ref);
    }

    /** Namespaces that exist, or hold at least one object, in the snapshot. */
    public Set<String> namespaces() {
        return Collections.unmodifiableSet(namespaces);
    }

    public List<JsonNode> inNamespace(String kind, String namespace) {
        if ("Pod".equals(kind)) {
            return podsByNamespace.getOrDefault(namespace, List.of());
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode o : all(kind)) {
            if (namespace.equals(namespace(o))) {
                out.add(o);
            }
        }
        return out;
    }

    /** The key names of a ConfigMap, or null when it is not in the snapshot. */
    public Set<String> configMapKeys(String namespace, String name) {
        return keys(get("ConfigMap", namespace, name));
    }

    /** The key names of a Secret (never its values), or null when it is not in the snapshot. */
    public Set<String> secretKeys(String namespace, String name) {
        return keys(get("Secret", namespace, name));
    }

    private static Set<String> keys(JsonNode o) {
        if (o == null) {
            return null;
        }
        Set<String> keys = new TreeSet<>();
        o.path("keys").forEach(k -> keys.add(k.asText()));
        return keys;
    }

    /** The objects whose ownerReferences name this object, by kind. */
    public List<ObjectRef> owned(JsonNode owner, String kind) {
        ObjectRef ownerRef = refOf(owner);
        String uid = KubeObjects.uid(owner);
        List<ObjectRef> out = new ArrayList<>();
        List<ObjectRef> byUid = uid == null ? List.of() : ownedByUid.getOrDefault(uid, List.of());
        List<ObjectRef> byName = ownerRef == null ? List.of()
                : ownedByUid.getOrDefault(ownerRef.kind() + "/" + ownerRef.namespace() + "/" + ownerRef.name(), List.of());
        for (List<ObjectRef> l : List.of(byUid, byName)) {
            for (ObjectRef r : l) {
                if (r.kind().equals(kind) && !out.contains(r)) {
                    out.add(r);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** The ref of an object of this snapshot (found by uid, else by identity). */
    public ObjectRef refOf(JsonNode obj) {
        String uid = KubeObjects.uid(obj);
        if (uid != null && refByUid.containsKey(uid)) {
            return refByUid.get(uid);
        }
        for (Map.Entry<String, List<JsonNode>> e : byKind.entrySet()) {
            if (e.getValue().contains(obj)) {
                return KubeObjects.ref(e.getKey(), obj);
            }
        }
        return null;
    }

    /** The controlling owner of an object, when that owner is in the snapshot. */
    public ObjectRef controllerOf(JsonNode obj) {
        List<JsonNode> owners = list(obj, "metadata", "ownerReferences");
        JsonNode chosen = null;
        for (JsonNode o : owners) {
            if (chosen == null || o.path("controller").asBoolean(false)) {
                chosen = o;
            }
        }
        if (chosen == null) {
            return null;
        }
        ObjectRef byUid = refByUid.get(text(chosen, "uid"));
        if (byUid != null) {
            return byUid;
        }
        ObjectRef byName = ObjectRef.of(text(chosen, "kind"), namespace(obj), text(chosen, "name"));
        return byRef.containsKey(byName) ? byName : null;
    }

    /** The top-most workload owning a pod (Deployment over its ReplicaSet, CronJob over its Job), or null. */
    public ObjectRef workloadOf(JsonNode pod) {
        ObjectRef top = null;
        JsonNode current = pod;
        for (int depth = 0; depth < 4; depth++) {
            ObjectRef owner = controllerOf(current);
            if (owner == null || !WORKLOAD_KINDS.contains(owner.kind())) {
                break;
            }
            top = owner;
            current = byRef.get(owner);
        }
        return top;
    }

    /** The pods of a workload: through its ReplicaSets for a Deployment, through its Jobs for a CronJob. */
    public List<JsonNode> podsOf(ObjectRef workload) {
        JsonNode w = byRef.get(workload);
        if (w == null) {
            return List.of();
        }
        List<JsonNode> pods = new ArrayList<>();
        String middle = switch (workload.kind()) {
            case "Deployment" -> "ReplicaSet";
            case "CronJob" -> "Job";
            default -> null;
        };
        List<ObjectRef> direct = middle == null ? List.of(workload) : owned(w, middle);
        for (ObjectRef d : direct) {
            for (ObjectRef p : owned(byRef.get(d), "Pod")) {
                pods.add(byRef.get(p));
            }
        }
        return pods;
    }

    /** Pods in a namespace whose labels satisfy a Service-style selector; looked up through the label index. */
    public List<JsonNode> podsSelectedBy(String namespace, Map<String, String> selector) {
        if (selector.isEmpty()) {
            return List.of();
        }
        List<JsonNode> candidates = null;
        for (Map.Entry<String, String> e : selector.entrySet()) {
            List<JsonNode> l = podsByLabel.getOrDefault(namespace + "\u0000" + e.getKey() + "=" + e.getValue(), List.of());
            if (candidates == null || l.size() < candidates.size()) {
                candidates = l;
            }
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : candidates) {
            if (LabelSelectors.matches(selector, KubeObjects.labels(p))) {
                out.add(p);
            }
        }
        return out;
    }

    /** Pods in a namespace matching a LabelSelector (matchLabels narrow through the index; empty selects all). */
    public List<JsonNode> podsSelectedBy(String namespace, JsonNode labelSelector) {
        Map<String, String> matchLabels = KubeObjects.stringMap(labelSelector, "matchLabels");
        List<JsonNode> candidates = matchLabels.isEmpty() ? podsByNamespace.getOrDefault(namespace, List.of())
                : podsSelectedBy(namespace, matchLabels);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : candidates) {
            if (LabelSelectors.matches(labelSelector, KubeObjects.labels(p))) {
                out.add(p);
            }
        }
        return out;
    }

    /** Pods with any label key=value pair of a selector: the candidates for "which pods almost match". */
    public List<JsonNode> podsSharingALabel(String namespace, Map<String, String> selector) {
        Map<JsonNode, Boolean> seen = new LinkedHashMap<>();
        selector.forEach((k, v) -> podsByLabel.getOrDefault(namespace + "\u0000" + k + "=" + v, List.of())
                .forEach(p -> seen.put(p, true)));
        return new ArrayList<>(seen.keySet());
    }

    public List<JsonNode> podsOnNode(String node) {
        return podsByNode.getOrDefault(node, List.of());
    }

    /** Events involving an object, oldest first. */
    public List<JsonNode> eventsFor(ObjectRef ref) {
        return eventsByObject.getOrDefault(ref, List.of());
    }

    /** Events involving an object with one of the reasons, seen within {@code maxAgeSeconds} of the snapshot, oldest first. */
    public List<JsonNode> recentEvents(ObjectRef ref, long maxAgeSeconds, String... reasons) {
        Set<String> wanted = Set.of(reasons);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : eventsFor(ref)) {
            Instant t = eventTime(e);
            if ((wanted.isEmpty() || wanted.contains(text(e, "reason")))
                    && t != null && !t.isBefore(capturedAt.minusSeconds(maxAgeSeconds))) {
                out.add(e);
            }
        }
        return out;
    }
}
