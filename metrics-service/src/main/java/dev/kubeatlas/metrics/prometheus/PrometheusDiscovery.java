package dev.kubeatlas.metrics.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeatlas.kube.ClusterClients;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.concurrent.Contexts;
import dev.kubeatlas.support.consumer.ClusterChanged;
import dev.kubeatlas.support.problem.ProblemException;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the Prometheus of each cluster: Services that look like a Prometheus server (by name, labels and port 9090
 * or {@code web}), in the namespaces where they usually live first, each asked for its build info through the API
 * server's service proxy; the first that answers is kept. Runs when a cluster is registered and when asked,
 * asynchronously and bounded (30 s); an admin may set the endpoint by hand, which discovery then leaves alone.
 */
@ApplicationScoped
public class PrometheusDiscovery {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Where Prometheus usually lives, most likely first; other namespaces come after. */
    static final List<String> NAMESPACES = List.of("monitoring", "prometheus", "kube-prometheus-stack", "observability",
            "kube-system", "default");
    /** Services of a Prometheus installation that are not the server. */
    static final List<String> NOT_THE_SERVER = List.of("alertmanager", "operator", "node-exporter", "pushgateway",
            "kube-state-metrics", "blackbox", "adapter", "grafana", "thanos-sidecar");

    private final ClusterClients clients;
    private final Vertx vertx;
    private final Duration bound;
    private final Set<String> detecting = ConcurrentHashMap.newKeySet();

    public PrometheusDiscovery(ClusterClients clients, Vertx vertx,
                               @ConfigProperty(name = "kubeatlas.metrics.prometheus.detect-timeout") Duration bound) {
        this.clients = clients;
        this.vertx = vertx;
        this.bound = bound;
    }

    /** A Service that may be a Prometheus server, and how likely. */
    record Candidate(String namespace, String service, String port, String scheme, int score) {
    }

    void onChange(@Observes ClusterChanged change) {
        if (change.change() == ClusterChanged.Change.REGISTERED || change.change() == ClusterChanged.Change.CREDENTIALS_CHANGED) {
            detectInBackground(change.name(), "discovery");
        } else if (change.change() == ClusterChanged.Change.REMOVED) {
            Contexts.isolated(vertx).runOnContext(ignored -> Panache.withTransaction(
                    () -> PrometheusEndpoint.delete("cluster", change.name())).subscribe().with(n -> { }, e -> { }));
        }
    }

    /**
     * Starts a detection unless one runs for the cluster or an admin set the endpoint; the stored state says
     * {@code detecting} meanwhile. False when nothing was started.
     */
    public boolean detectInBackground(String cluster, String actor) {
        if (!detecting.add(cluster)) {
            return false;
        }
        Contexts.isolated(vertx).runOnContext(ignored -> Panache.withSession(() -> PrometheusEndpoint.<PrometheusEndpoint>findById(cluster))
                .chain(existing -> {
                    if (existing != null && PrometheusEndpoint.MANUAL.equals(existing.source)) {
                        return Uni.createFrom().voidItem();
                    }
                    return save(cluster, e -> {
                        e.status = PrometheusEndpoint.DETECTING;
                        e.detail = null;
                    }, PrometheusEndpoint.DISCOVERED, actor).chain(() -> detect(cluster))
                            .chain(found -> save(cluster, e -> copy(found, e), PrometheusEndpoint.DISCOVERED, actor));
                })
                .onTermination().invoke(() -> detecting.remove(cluster))
                .subscribe().with(v -> { }, e -> Log.warnf("Prometheus detection for %s failed: %s", cluster, e.toString())));
        return true;
    }

    /** Looks for a Prometheus now; the result, found or not. Never longer than the bound. */
    Uni<PrometheusEndpoint> detect(String cluster) {
        return clients.forCluster(cluster)
                .chain(client -> Blocking.call(() -> candidates(client.services().inAnyNamespace().list().getItems()))
                        .chain(candidates -> firstAnswering(client, candidates, 0)))
                .ifNoItem().after(bound).recoverWithItem(() -> result(null, PrometheusEndpoint.NOT_FOUND,
                        "No Prometheus answered within " + bound.toSeconds() + " s"))
                .onFailure().recoverWithItem(e -> result(null, PrometheusEndpoint.UNREACHABLE,
                        e instanceof ProblemException p ? p.getMessage() : "The cluster could not be read"));
    }

    private Uni<PrometheusEndpoint> firstAnswering(KubernetesClient client, List<Candidate> candidates, int index) {
        if (index >= candidates.size()) {
            return Uni.createFrom().item(result(null, PrometheusEndpoint.NOT_FOUND, candidates.isEmpty()
                    ? "No Service looks like a Prometheus server (name, labels, port 9090)"
                    : candidates.size() + " Services looked like Prometheus; none answered /api/v1/status/buildinfo"));
        }
        Candidate c = candidates.get(index);
        return verify(client, c).chain(found -> found.status.equals(PrometheusEndpoint.FOUND)
                ? Uni.createFrom().item(found) : firstAnswering(client, candidates, index + 1));
    }

    /** Asks the candidate for its build info through the service proxy. */
    Uni<PrometheusEndpoint> verify(KubernetesClient client, Candidate c) {
        PrometheusEndpoint probe = result(c, null, null);
        return get(client, probe.proxyPath() + "/api/v1/status/buildinfo").map(response -> {
            if (response.code() != 200) {
                return result(c, PrometheusEndpoint.UNREACHABLE, "HTTP " + response.code() + " from " + c.namespace() + "/" + c.service());
            }
            JsonNode body = parse(response.body());
            if (!"success".equals(body.path("status").asText())) {
                return result(c, PrometheusEndpoint.UNREACHABLE, c.namespace() + "/" + c.service() + " did not answer as Prometheus does");
            }
            PrometheusEndpoint found = result(c, PrometheusEndpoint.FOUND, null);
            found.version = body.path("data").path("version").asText(null);
            return found;
        });
    }

    /** A GET through the cluster's API server; the status and body, whatever the status. */
    public Uni<Answer> get(KubernetesClient client, String path) {
        String base = client.getMasterUrl().toString().replaceAll("/$", "");
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(base + path).build();
        return Uni.createFrom().completionStage(() -> client.getHttpClient().sendAsync(request, String.class))
                .map(response -> new Answer(response.code(), response.body()))
                .ifNoItem().after(Duration.ofSeconds(15)).failWith(() -> ProblemException.unavailable("prometheus-timeout",
                        "Prometheus did not answer", "No answer within 15 s through the API server's service proxy", 10));
    }

    public record Answer(int code, String body) {
    }

    static List<Candidate> candidates(List<Service> services) {
        List<Candidate> found = new ArrayList<>();
        for (Service s : services) {
            String name = s.getMetadata().getName().toLowerCase(Locale.ROOT);
            Map<String, String> labels = s.getMetadata().getLabels() == null ? Map.of() : s.getMetadata().getLabels();
            boolean labelled = "prometheus".equals(labels.get("app.kubernetes.io/name")) || "prometheus".equals(labels.get("app"))
                    || "server".equals(labels.get("component")) && name.contains("prometheus");
            if (!name.contains("prometheus") && !labelled || NOT_THE_SERVER.stream().anyMatch(name::contains)) {
                continue;
            }
            List<ServicePort> ports = s.getSpec() == null || s.getSpec().getPorts() == null ? List.of() : s.getSpec().getPorts();
            ServicePort port = ports.stream().filter(p -> Integer.valueOf(9090).equals(p.getPort())).findFirst()
                    .or(() -> ports.stream().filter(p -> p.getName() != null && p.getName().matches("web|http|http-web")).findFirst())
                    .or(() -> ports.stream().findFirst()).orElse(null);
            if (port == null) {
                continue;
            }
            int namespaceRank = NAMESPACES.indexOf(s.getMetadata().getNamespace());
            int score = (labelled ? 100 : 0) + (Integer.valueOf(9090).equals(port.getPort()) ? 50 : 0)
                    + (namespaceRank < 0 ? 0 : 40 - namespaceRank * 5) + (name.endsWith("prometheus") || name.endsWith("server") ? 10 : 0);
            String scheme = port.getName() != null && port.getName().startsWith("https") ? "https" : "http";
            found.add(new Candidate(s.getMetadata().getNamespace(), s.getMetadata().getName(),
                    String.valueOf(port.getPort()), scheme, score));
        }
        found.sort(Comparator.comparingInt(Candidate::score).reversed().thenComparing(Candidate::namespace)
                .thenComparing(Candidate::service));
        return found;
    }

    static PrometheusEndpoint result(Candidate c, String status, String detail) {
        PrometheusEndpoint e = new PrometheusEndpoint();
        if (c != null) {
            e.namespace = c.namespace();
            e.service = c.service();
            e.port = c.port();
            e.scheme = c.scheme();
        }
        e.status = status;
        e.detail = detail;
        return e;
    }

    static void copy(PrometheusEndpoint from, PrometheusEndpoint to) {
        to.status = from.status;
        to.detail = from.detail;
        to.namespace = from.namespace;
        to.service = from.service;
        to.port = from.port;
        to.scheme = from.scheme;
        to.version = from.version;
    }

    static Uni<Void> save(String cluster, java.util.function.Consumer<PrometheusEndpoint> change, String source, String actor) {
        return Panache.withTransaction(() -> PrometheusEndpoint.<PrometheusEndpoint>findById(cluster).chain(found -> {
            PrometheusEndpoint e = found != null ? found : new PrometheusEndpoint();
            e.cluster = cluster;
            e.source = source;
            e.updatedBy = actor;
            e.checkedAt = Instant.now();
            change.accept(e);
            return e.persist();
        })).replaceWithVoid();
    }

    static JsonNode parse(String body) {
        try {
            return body == null ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
