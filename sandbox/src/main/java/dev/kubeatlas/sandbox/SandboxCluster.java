package dev.kubeatlas.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
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
 * deleted as on a real cluster) with version and discovery, optionally seeded with the demo shop.
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
                new KubernetesMixedDispatcher(responses), false, Discovery.versionInfo());
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
