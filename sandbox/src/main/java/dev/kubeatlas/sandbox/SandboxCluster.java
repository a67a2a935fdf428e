package dev.kubeatlas.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A simulated Kubernetes API server: fabric8's mock server in CRUD mode (objects created, read, patched, watched and
 * deleted as on a real cluster) with version and discovery, optionally seeded with the demo shop. On top of the mock,
 * {@link ApiServerDispatcher} honours dry runs, merge and strategic merge patches and the API server's name and
 * namespace checks.
 * It accepts any credentials; it is for demos and tests, never for real workloads.
 */
public final class SandboxCluster implements AutoCloseable {

    public static final String SEED = "/dev/kubeatlas/sandbox/demo-shop.yaml";

    /** The mock server logs every request at INFO; a sandbox serving a UI would drown its log. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private SandboxCluster(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    /**
     * Starts a sandbox.
     *
     * @param port 0 for any free port
     */
    public static SandboxCluster start(String host, int port) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new ApiServerDispatcher(responses, Discovery.builtInGroups()), false, Discovery.versionInfo());
        try {
            server.start(InetAddress.getByName(host), port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the sandbox on " + host + ":" + port, e);
        }
        Discovery.standard().register(server);
        return new SandboxCluster(server);
    }

    /** Creates the objects of the demo shop: namespaces, nodes, workloads (one crash-looping, one not pulling), ... */
    public SandboxCluster seedDemoShop() {
        try (InputStream in = SandboxCluster.class.getResourceAsStream(SEED)) {
            List<HasMetadata> objects = client.load(in).items();
            // the API server assigns uids on create: point owner references at the uids it gave the owners
            Map<String, String> uids = new HashMap<>();
            for (HasMetadata object : objects) {
                String ns = object.getMetadata().getNamespace();
                object.getMetadata().getOwnerReferences()
                        .forEach(ref -> ref.setUid(uids.get(ns + "/" + ref.getKind() + "/" + ref.getName())));
                HasMetadata created = client.resource(object).create();
                uids.put(ns + "/" + created.getKind() + "/" + created.getMetadata().getName(), created.getMetadata().getUid());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the demo shop seed", e);
        }
        return this;
    }

    /**
     * Adds {@code count} running pods in namespace {@code bench}, shaped like a typical application pod (labels,
     * one container with resources, env and probes, status with conditions), for benchmarks.
     */
    public SandboxCluster seedBenchPods(int count) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
                .createOr(existing -> existing.update());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Pod pod = benchPod(i);
                created.add(pool.submit(() -> client.pods().inNamespace("bench").resource(pod).create()));
            }
            for (Future<?> f : created) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Creating bench pods failed", e.getCause());
        } finally {
            pool.shutdown();
        }
        return this;
    }

    /**
     * A cluster at scale as the metrics collector reads it: {@code nodes} Ready nodes ({@code bench-node-NNNN}, 16
     * CPUs, 64 GiB), {@code pods} running pods spread over them, and NodeMetrics and PodMetrics for all, served as
     * fixed answers to the cluster-wide lists in pages of {@link #SCALE_PAGE} (a CRUD store of this size takes far
     * too long to fill).
     */
    public SandboxCluster serveAtScale(int nodes, int pods) {
        List<Object> nodeList = new ArrayList<>(nodes);
        List<Object> nodeUsage = new ArrayList<>(nodes);
        for (int n = 0; n < nodes; n++) {
            String name = String.format("bench-node-%04d", n);
            nodeList.add(benchNode(name));
            nodeUsage.add(usage(name, null, Map.of("usage", Map.of("cpu", (4000 + n % 9000) + "m", "memory", (20 + n % 40) + "Gi"))));
        }
        List<Object> podList = new ArrayList<>(pods);
        List<Object> podUsage = new ArrayList<>(pods);
        for (int i = 0; i < pods; i++) {
            Pod pod = benchPod(i);
            pod.getSpec().setNodeName(String.format("bench-node-%04d", i % Math.max(1, nodes)));
            podList.add(pod);
            podUsage.add(usage(pod.getMetadata().getName(), "bench", Map.of("containers", List.of(Map.of("name", "app",
                    "usage", Map.of("cpu", (20 + i % 400) + "m", "memory", (96 + i % 160) + "Mi"))))));
        }
        answer("/api/v1/nodes", "NodeList", "v1", nodeList);
        answer("/api/v1/pods", "PodList", "v1", podList);
        answer("/apis/metrics.k8s.io/v1beta1/nodes", "NodeMetricsList", "metrics.k8s.io/v1beta1", nodeUsage);
        answer("/apis/metrics.k8s.io/v1beta1/pods", "PodMetricsList", "metrics.k8s.io/v1beta1", podUsage);
        return this;
    }

    /** Objects per page of the scale lists: what {@code ?limit=} asks. */
    public static final int SCALE_PAGE = 500;

    /** Answers {@code path?limit=500} and each {@code &continue=} after it, a page at a time, as an API server chunks. */
    private void answer(String path, String kind, String apiVersion, List<Object> items) {
        int pages = Math.max(1, (items.size() + SCALE_PAGE - 1) / SCALE_PAGE);
        for (int page = 0; page < pages; page++) {
            Map<String, Object> metadata = new java.util.LinkedHashMap<>();
            metadata.put("resourceVersion", "1");
            if (page + 1 < pages) {
                metadata.put("continue", "page-" + (page + 1));
                metadata.put("remainingItemCount", items.size() - (page + 1) * SCALE_PAGE);
            }
            Map<String, Object> list = new java.util.LinkedHashMap<>();
            list.put("apiVersion", apiVersion);
            list.put("kind", kind);
            list.put("metadata", metadata);
            list.put("items", items.subList(page * SCALE_PAGE, Math.min(items.size(), (page + 1) * SCALE_PAGE)));
            String json = Serialization.asJson(list);
            List<String> queries = page == 0 ? List.of("?limit=" + SCALE_PAGE)
                    : List.of("?limit=" + SCALE_PAGE + "&continue=page-" + page, "?continue=page-" + page + "&limit=" + SCALE_PAGE);
            for (String query : queries) {
                server.expect().get().withPath(path + query).andReturn(200, json).always();
            }
        }
    }

    static GenericKubernetesResource usage(String name, String namespace, Map<String, Object> fields) {
        GenericKubernetesResource m = new GenericKubernetesResource();
        m.setApiVersion("metrics.k8s.io/v1beta1");
        m.setKind(namespace == null ? "NodeMetrics" : "PodMetrics");
        m.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        m.getAdditionalProperties().put("timestamp", "2026-11-23T12:00:00Z");
        m.getAdditionalProperties().put("window", "30s");
        m.getAdditionalProperties().putAll(fields);
        return m;
    }

    static Node benchNode(String name) {
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity("16"), "memory", new Quantity("64Gi"),
                "pods", new Quantity("110"), "ephemeral-storage", new Quantity("200Gi"));
        return new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name).addToLabels("node-role.kubernetes.io/worker", "")
                .addToLabels("topology.kubernetes.io/zone", "zone-" + (name.hashCode() & 3)).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withCapacity(capacity).withAllocatable(capacity)
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition()
                .addNewCondition().withType("DiskPressure").withStatus("False").endCondition()
                .endStatus().build();
    }

    static Pod benchPod(int i) {
        String app = "svc-" + (i % 200);
        String name = String.format("bench-pod-%05d", i);
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("bench")
                .addToLabels("app", app).addToLabels("app.kubernetes.io/part-of", "bench")
                .addToLabels("pod-template-hash", "7d9f" + (i % 97))
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"," + "\"x\":\"" + "y".repeat(600) + "\"}")
                .endMetadata()
                .withNewSpec().withNodeName("worker-" + (i % 3))
                .addNewContainer().withName("app").withImage("ghcr.io/kubeatlas-bench/" + app + ":1." + (i % 10))
                .withNewResources().addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("256Mi")).endResources()
                .addNewEnv().withName("APP_NAME").withValue(app).endEnv()
                .addNewEnv().withName("LOG_LEVEL").withValue("info").endEnv()
                .addNewPort().withContainerPort(8080).withName("http").endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withNewPort(8080).endHttpGet().endReadinessProbe()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.42." + (i / 250 % 250) + "." + (i % 250))
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("app").withReady(true).withRestartCount(0)
                .withImage("ghcr.io/kubeatlas-bench/" + app + ":1." + (i % 10)).endContainerStatus()
                .endStatus().build();
    }

    public String url() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    /** A client with full access, for seeding and for assertions in tests. */
    public KubernetesClient client() {
        return client;
    }

    /** The mock server, for tests that add expectations of their own. */
    public KubernetesMockServer server() {
        return server;
    }

    /**
     * A kubeconfig for this sandbox with one context. The token is not checked by the sandbox; it is there so the
     * kubeconfig has the shape of a real one (and so tests can prove it never leaks).
     */
    public String kubeconfig(String name, String token) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s-admin
                    namespace: default
                current-context: %1$s
                users:
                - name: %1$s-admin
                  user:
                    token: %3$s
                """.formatted(name, url(), token);
    }

    @Override
    public void close() {
        client.close();
        server.shutdown();
    }
}
