package dev.kubeatlas.metrics.kube;

import dev.kubeatlas.kube.ClusterClients;
import dev.kubeatlas.support.concurrent.Blocking;
import dev.kubeatlas.support.names.KubeNames;
import dev.kubeatlas.support.problem.ProblemException;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A cluster's Services that may be a Prometheus server, and GETs to one through the API server's service proxy with
 * the cluster's credentials (at most {@link #TIMEOUT}).
 */
@ApplicationScoped
public class PrometheusProxy {

    /** How long a request through the service proxy may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** Where Prometheus usually lives, most likely first; other namespaces come after. */
    static final List<String> NAMESPACES = List.of("monitoring", "prometheus", "kube-prometheus-stack", "observability",
            "kube-system", "default");
    /** Services of a Prometheus installation that are not the server. */
    static final List<String> NOT_THE_SERVER = List.of("alertmanager", "operator", "node-exporter", "pushgateway",
            "kube-state-metrics", "blackbox", "adapter", "grafana", "thanos-sidecar");
    /** DNS-1035 label: Services. */
    static final Pattern SERVICE = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    /** IANA service name: a Service's named port (at most 15 characters, at least one letter). */
    static final Pattern PORT_NAME = Pattern.compile("(?=.*[a-z])[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?");

    private final ClusterClients clients;

    public PrometheusProxy(ClusterClients clients) {
        this.clients = clients;
    }

    /** A Service that may be a Prometheus server, and how likely. */
    public record Candidate(String namespace, String service, String port, String scheme, int score) {
    }

    /** An answer through the service proxy: its status and body, whatever the status. */
    public record Answer(int code, String body) {
    }

    /** The cluster's Services that look like a Prometheus server, the most likely first. */
    public Uni<List<Candidate>> candidates(String cluster) {
        return clients.forCluster(cluster)
                .chain(client -> Blocking.call(() -> candidates(client.services().inAnyNamespace().list().getItems())));
    }

    /** A GET of {@code path} (below the API server) on the cluster; fails with 503 after {@link #TIMEOUT}. */
    public Uni<Answer> get(String cluster, String path) {
        return clients.forCluster(cluster).chain(client -> get(client, path));
    }

    private static Uni<Answer> get(KubernetesClient client, String path) {
        String base = client.getMasterUrl().toString().replaceAll("/$", "");
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(base + path).build();
        return Uni.createFrom().completionStage(() -> client.getHttpClient().sendAsync(request, String.class))
                .map(response -> new Answer(response.code(), response.body()))
                .ifNoItem().after(TIMEOUT).failWith(() -> ProblemException.unavailable("prometheus-timeout",
                        "Prometheus did not answer", "No answer within " + TIMEOUT.toSeconds()
                                + " s through the API server's service proxy", 10));
    }

    /**
     * The API server path that proxies to a Service's port, each part checked (a Kubernetes name, a port) and encoded
     * as a path segment: no stored value can point the request at another path of the API server. 422 otherwise.
     */
    public static String path(String namespace, String service, String port, String scheme) {
        if (!KubeNames.isLabel(namespace) || !isService(service) || !isPort(port)
                || !("http".equals(scheme) || "https".equals(scheme))) {
            throw ProblemException.unprocessable("prometheus-endpoint-invalid", "Prometheus endpoint invalid",
                    "The cluster's Prometheus endpoint is not a valid namespace, Service and port; set it again");
        }
        return "/api/v1/namespaces/" + KubeNames.segment(namespace) + "/services/" + KubeNames.segment(scheme) + ":"
                + KubeNames.segment(service) + ":" + KubeNames.segment(port) + "/proxy";
    }

    /** A Service name (DNS-1035 label). */
    public static boolean isService(String value) {
        return value != null && SERVICE.matcher(value).matches();
    }

    /** A port number from 1 to 65535, or a port name. */
    public static boolean isPort(String value) {
        if (value == null) {
            return false;
        }
        if (value.matches("[0-9]{1,5}")) {
            int port = Integer.parseInt(value);
            return port >= 1 && port <= 65535;
        }
        return PORT_NAME.matcher(value).matches();
    }

    /**
     * Services that look like a Prometheus server (by name, labels and port 9090 or {@code web}), ranked: labelled,
     * on 9090, in the namespaces where Prometheus usually lives, named like the server.
     */
    public static List<Candidate> candidates(List<Service> services) {
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
}
