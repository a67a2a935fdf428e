package dev.kubeatlas.workload.service.insight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.workload.kube.ApiResourceType;
import dev.kubeatlas.workload.kube.KubeObject;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.service.ResourceService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The objects around one object, as a graph a UI can draw: owner chains both ways (Deployment → ReplicaSet → Pod,
 * CronJob → Job → Pod), Service → Pods by selector, Ingress → Services, HPA → its target, Pod → ConfigMaps,
 * Secrets, PVCs, ServiceAccount and Node. Breadth-first to {@code depth} hops; every object appears once.
 */
@ApplicationScoped
public class Relations {

    static final List<String> KINDS = List.of("pods", "replicasets.apps", "deployments.apps", "statefulsets.apps",
            "daemonsets.apps", "jobs.batch", "cronjobs.batch", "services", "ingresses.networking.k8s.io",
            "horizontalpodautoscalers.autoscaling", "configmaps", "secrets", "persistentvolumeclaims",
            "serviceaccounts", "nodes", "clonesets.apps.kruise.io");

    private final ResourceService resources;
    private final Snapshots snapshots;

    public Relations(ResourceService resources, Snapshots snapshots) {
        this.resources = resources;
        this.snapshots = snapshots;
    }

    public record Node(String id, String kind, String resource, String namespace, String name, String status) {
    }

    public record Edge(String from, String to, String relation) {
    }

    public record Graph(String root, List<Node> nodes, List<Edge> edges, int depth) {
    }

    public Uni<Graph> of(String cluster, String resource, String namespace, String name, int depth) {
        return resources.get(cluster, resource, namespace, name).chain(root ->
                snapshots.load(cluster, root.object().namespace(), KINDS)
                        // the graph is CPU work over every object of the namespace: a worker thread builds it
                        .chain(snapshot -> Blocking.call(() -> graph(root.type(), root.object(), snapshot, depth))));
    }

    static Graph graph(ApiResourceType rootType, KubeObject root, Snapshots.Snapshot snapshot, int depth) {
        Index index = new Index(snapshot);
        index.add(rootType, root);
        Map<String, Node> nodes = new LinkedHashMap<>();
        Set<Edge> edges = new LinkedHashSet<>();
        Deque<Map.Entry<Item, Integer>> queue = new ArrayDeque<>();
        Item start = new Item(rootType, root);
        nodes.put(start.id(), start.node());
        queue.add(Map.entry(start, 0));
        while (!queue.isEmpty()) {
            Map.Entry<Item, Integer> next = queue.poll();
            if (next.getValue() >= depth) {
                continue;
            }
            for (Link link : index.links(next.getKey())) {
                edges.add(new Edge(link.from().id(), link.to().id(), link.relation()));
                Item other = link.from().id().equals(next.getKey().id()) ? link.to() : link.from();
                if (!nodes.containsKey(other.id())) {
                    nodes.put(other.id(), other.node());
                    queue.add(Map.entry(other, next.getValue() + 1));
                }
            }
        }
        List<Edge> kept = edges.stream().filter(e -> nodes.containsKey(e.from()) && nodes.containsKey(e.to())).toList();
        return new Graph(start.id(), new ArrayList<>(nodes.values()), kept, depth);
    }

    record Item(ApiResourceType type, KubeObject object) {
        String id() {
            return id(type.kind(), object.namespace(), object.name());
        }

        static String id(String kind, String namespace, String name) {
            return kind + "/" + (namespace == null ? "" : namespace + "/") + name;
        }

        Node node() {
            return new Node(id(), type.kind(), type.qualifiedName(), object.namespace(),
                    object.name(), status(Manifests.toNode(object)));
        }
    }

    record Link(Item from, Item to, String relation) {
    }

    /** What points at what, over the snapshot. */
    static final class Index {
        final Map<String, Item> byUid = new HashMap<>();
        final Map<String, Item> byId = new HashMap<>();
        final Map<String, JsonNode> json = new HashMap<>();
        final List<Item> all = new ArrayList<>();

        Index(Snapshots.Snapshot snapshot) {
            snapshot.objects().forEach((type, list) -> list.forEach(o -> add(type, o)));
        }

        void add(ApiResourceType type, KubeObject object) {
            Item item = new Item(type, object);
            if (byId.putIfAbsent(item.id(), item) == null) {
                all.add(item);
                json.put(item.id(), Manifests.toNode(object));
                if (object.uid() != null) {
                    byUid.put(object.uid(), item);
                }
            }
        }

        /** The item as JSON, converted once when it entered the index. */
        JsonNode json(Item item) {
            return json.get(item.id());
        }

        Item find(String kind, String namespace, String name) {
            return byId.get(Item.id(kind, namespace, name));
        }

        List<Link> links(Item item) {
            List<Link> links = new ArrayList<>();
            KubeObject o = item.object();
            String ns = o.namespace();
            JsonNode node = json(item);
            // owners, and what this object owns
            for (KubeObject.Owner ref : o.owners()) {
                Item owner = ref.uid() != null && byUid.containsKey(ref.uid()) ? byUid.get(ref.uid())
                        : find(ref.kind(), ns, ref.name());
                if (owner != null) {
                    links.add(new Link(owner, item, "owns"));
                }
            }
            for (Item other : all) {
                for (KubeObject.Owner ref : other.object().owners()) {
                    boolean mine = ref.uid() != null ? ref.uid().equals(o.uid())
                            : ref.kind().equals(item.type().kind()) && ref.name().equals(o.name())
                            && Objects.equals(ns, other.object().namespace());
                    if (mine) {
                        links.add(new Link(item, other, "owns"));
                    }
                }
            }
            String kind = item.type().kind();
            if ("Service".equals(kind)) {
                Map<String, String> selector = strings(node.path("spec").path("selector"));
                if (!selector.isEmpty()) {
                    pods(ns).filter(p -> matches(selector, p.object().labels()))
                            .forEach(p -> links.add(new Link(item, p, "selects")));
                }
            }
            if ("Pod".equals(kind)) {
                all.stream().filter(s -> "Service".equals(s.type().kind()) && Objects.equals(ns, s.object().namespace()))
                        .filter(s -> {
                            Map<String, String> selector = strings(json(s).path("spec").path("selector"));
                            return !selector.isEmpty() && matches(selector, o.labels());
                        })
                        .forEach(s -> links.add(new Link(s, item, "selects")));
                podReferences(item, node.path("spec"), ns, links);
                String nodeName = node.path("spec").path("nodeName").asText("");
                Item host = nodeName.isEmpty() ? null : find("Node", null, nodeName);
                if (host != null) {
                    links.add(new Link(item, host, "runs-on"));
                }
            }
            if ("Ingress".equals(kind)) {
                for (String service : ingressServices(node.path("spec"))) {
                    Item target = find("Service", ns, service);
                    if (target != null) {
                        links.add(new Link(item, target, "routes-to"));
                    }
                }
            }
            if ("Service".equals(kind)) {
                all.stream().filter(i -> "Ingress".equals(i.type().kind()) && Objects.equals(ns, i.object().namespace()))
                        .filter(i -> ingressServices(json(i).path("spec")).contains(o.name()))
                        .forEach(i -> links.add(new Link(i, item, "routes-to")));
            }
            if ("HorizontalPodAutoscaler".equals(kind)) {
                JsonNode target = node.path("spec").path("scaleTargetRef");
                Item scaled = find(target.path("kind").asText(), ns, target.path("name").asText());
                if (scaled != null) {
                    links.add(new Link(item, scaled, "scales"));
                }
            } else {
                all.stream().filter(h -> "HorizontalPodAutoscaler".equals(h.type().kind())
                                && Objects.equals(ns, h.object().namespace()))
                        .filter(h -> {
                            JsonNode target = json(h).path("spec").path("scaleTargetRef");
                            return kind.equals(target.path("kind").asText()) && o.name().equals(target.path("name").asText());
                        })
                        .forEach(h -> links.add(new Link(h, item, "scales")));
            }
            if (Set.of("ConfigMap", "Secret", "PersistentVolumeClaim", "ServiceAccount").contains(kind)) {
                pods(ns).forEach(p -> {
                    List<Link> uses = new ArrayList<>();
                    podReferences(p, json(p).path("spec"), ns, uses);
                    uses.stream().filter(l -> l.to().id().equals(item.id())).forEach(links::add);
                });
            }
            return links;
        }

        private Stream<Item> pods(String ns) {
            return all.stream().filter(p -> "Pod".equals(p.type().kind()) && Objects.equals(ns, p.object().namespace()));
        }

        private void podReferences(Item pod, JsonNode spec, String ns, List<Link> links) {
            for (JsonNode volume : spec.path("volumes")) {
                link(pod, "ConfigMap", ns, volume.path("configMap").path("name").asText(""), "mounts", links);
                link(pod, "Secret", ns, volume.path("secret").path("secretName").asText(""), "mounts", links);
                link(pod, "PersistentVolumeClaim", ns, volume.path("persistentVolumeClaim").path("claimName").asText(""), "mounts", links);
                for (JsonNode source : volume.path("projected").path("sources")) {
                    link(pod, "ConfigMap", ns, source.path("configMap").path("name").asText(""), "mounts", links);
                    link(pod, "Secret", ns, source.path("secret").path("name").asText(""), "mounts", links);
                }
            }
            List<JsonNode> containers = new ArrayList<>();
            spec.path("containers").forEach(containers::add);
            spec.path("initContainers").forEach(containers::add);
            for (JsonNode c : containers) {
                for (JsonNode from : c.path("envFrom")) {
                    link(pod, "ConfigMap", ns, from.path("configMapRef").path("name").asText(""), "uses", links);
                    link(pod, "Secret", ns, from.path("secretRef").path("name").asText(""), "uses", links);
                }
                for (JsonNode env : c.path("env")) {
                    link(pod, "ConfigMap", ns, env.path("valueFrom").path("configMapKeyRef").path("name").asText(""), "uses", links);
                    link(pod, "Secret", ns, env.path("valueFrom").path("secretKeyRef").path("name").asText(""), "uses", links);
                }
            }
            for (JsonNode pull : spec.path("imagePullSecrets")) {
                link(pod, "Secret", ns, pull.path("name").asText(""), "pulls-with", links);
            }
            link(pod, "ServiceAccount", ns, spec.path("serviceAccountName").asText("default"), "runs-as", links);
        }

        private void link(Item pod, String kind, String ns, String name, String relation, List<Link> links) {
            if (!name.isEmpty()) {
                Item target = find(kind, ns, name);
                if (target != null) {
                    links.add(new Link(pod, target, relation));
                }
            }
        }
    }

    static List<String> ingressServices(JsonNode spec) {
        List<String> names = new ArrayList<>();
        String fallback = spec.path("defaultBackend").path("service").path("name").asText("");
        if (!fallback.isEmpty()) {
            names.add(fallback);
        }
        for (JsonNode rule : spec.path("rules")) {
            for (JsonNode path : rule.path("http").path("paths")) {
                String name = path.path("backend").path("service").path("name").asText("");
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return labels != null && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** A short status: a pod's phase or waiting reason, a workload's ready/desired replicas. */
    static String status(JsonNode o) {
        JsonNode status = o.path("status");
        for (JsonNode c : status.path("containerStatuses")) {
            String waiting = c.path("state").path("waiting").path("reason").asText("");
            if (!waiting.isEmpty()) {
                return waiting;
            }
        }
        if (status.has("phase")) {
            return status.path("phase").asText();
        }
        if (o.path("spec").has("replicas")) {
            return status.path("readyReplicas").asInt(0) + "/" + o.path("spec").path("replicas").asInt() + " ready";
        }
        return null;
    }
}
