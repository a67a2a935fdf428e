package dev.kubeatlas.history.service.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.history.model.TrackedResource;
import dev.kubeatlas.history.service.diff.StoredManifest;
import dev.kubeatlas.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * workload-service's public API, called with the caller's own bearer token (or, for scheduled work, the service's):
 * what the history service reads from or writes to a cluster is authorized and audited as the caller's.
 */
@ApplicationScoped
public class WorkloadClient {

    /** One object of a cluster; {@code namespace} is null for cluster-scoped ones. */
    public record Ref(String cluster, String resource, String namespace, String name) {
        static Ref of(TrackedResource t) {
            return new Ref(t.cluster, t.resource, TrackedResource.CLUSTER_SCOPED.equals(t.namespace) ? null : t.namespace,
                    t.name);
        }
    }

    /** One page of a list. */
    public record Page(List<JsonNode> items, String continueToken) {
    }

    /** 404s of workload-service that say the target is missing, not the object. */
    static final Set<String> NOT_THE_OBJECT = Set.of("cluster-not-found", "resource-type-not-found");

    private final WebClient web;
    private final URI workload;

    public WorkloadClient(Vertx vertx, @ConfigProperty(name = "kubeatlas.workload-service.url") URI workload) {
        this.web = WebClient.create(vertx);
        this.workload = workload;
    }

    @PreDestroy
    void close() {
        web.close();
    }

    /** The live object, or null when the cluster has none. */
    public Uni<JsonNode> live(TrackedResource t, String bearer) {
        return get(Ref.of(t), false, bearer);
    }

    /** Creates (POST) or replaces (PUT) the object; {@code dryRun} is the API server's dry run. */
    public Uni<JsonNode> write(TrackedResource t, ObjectNode desired, boolean create, boolean dryRun, String bearer) {
        return write(Ref.of(t), desired, create, dryRun, bearer);
    }

    /** The object, or null when the cluster has none; {@code reveal} (admins, audited) returns Secret values. */
    public Uni<JsonNode> get(Ref ref, boolean reveal, String bearer) {
        List<String> query = new ArrayList<>();
        if (reveal) {
            query.add("reveal=true");
        }
        return send(request("GET", ref.cluster(), ref.resource(), ref.name(), ref.namespace(), query, bearer), null, true);
    }

    public Uni<JsonNode> write(Ref ref, ObjectNode desired, boolean create, boolean dryRun, String bearer) {
        List<String> query = new ArrayList<>();
        if (dryRun) {
            query.add("dryRun=true");
        }
        return send(request(create ? "POST" : "PUT", ref.cluster(), ref.resource(), create ? null : ref.name(),
                ref.namespace(), query, bearer), desired, false);
    }

    /**
     * Fails with workload-service's 404 {@code cluster-not-found} problem when it knows no cluster of that name
     * (and with its problem when it cannot tell); a cheap read of the cluster's resource types.
     */
    public Uni<Void> requireCluster(String cluster, String bearer) {
        String path = base() + "/api/v1/clusters/" + encode(cluster) + "/api-resources";
        return send(prepared(web.get(port(), workload.getHost(), path), bearer), null, false)
                .onFailure(e -> e instanceof ProblemException p && p.status() == 404)
                .transform(e -> ProblemException.notFound("cluster-not-found", "Cluster not found",
                        "No cluster named '" + cluster + "'"))
                .replaceWithVoid();
    }

    /** One page of objects; {@code namespace} null lists every namespace. */
    public Uni<Page> list(String cluster, String resource, String namespace, String labelSelector, boolean reveal,
                          String continueToken, String bearer) {
        List<String> query = new ArrayList<>(List.of("limit=500"));
        if (labelSelector != null && !labelSelector.isBlank()) {
            query.add("labelSelector=" + encode(labelSelector));
        }
        if (reveal) {
            query.add("reveal=true");
        }
        if (continueToken != null) {
            query.add("continue=" + encode(continueToken));
        }
        return send(request("GET", cluster, resource, null, namespace, query, bearer), null, false).map(body -> {
            List<JsonNode> items = new ArrayList<>();
            body.path("items").forEach(items::add);
            String next = body.path("continue").asText(null);
            return new Page(items, next == null || next.isEmpty() ? null : next);
        });
    }

    private HttpRequest<Buffer> request(String method, String cluster, String resource, String name, String namespace,
                                        List<String> query, String bearer) {
        StringBuilder path = new StringBuilder(base())
                .append("/api/v1/clusters/").append(encode(cluster)).append("/resources/").append(encode(resource));
        if (name != null) {
            path.append('/').append(encode(name));
        }
        List<String> params = new ArrayList<>(query);
        if (namespace != null) {
            params.add(0, "namespace=" + encode(namespace));
        }
        if (!params.isEmpty()) {
            path.append('?').append(String.join("&", params));
        }
        HttpRequest<Buffer> request = switch (method) {
            case "GET" -> web.get(port(), workload.getHost(), path.toString());
            case "POST" -> web.post(port(), workload.getHost(), path.toString());
            default -> web.put(port(), workload.getHost(), path.toString());
        };
        return prepared(request, bearer);
    }

    private HttpRequest<Buffer> prepared(HttpRequest<Buffer> request, String bearer) {
        return request.ssl("https".equals(workload.getScheme())).putHeader("Authorization", bearer)
                .putHeader("Accept", "application/json").timeout(30_000);
    }

    private String base() {
        return workload.getPath().replaceAll("/$", "");
    }

    private int port() {
        return workload.getPort() > 0 ? workload.getPort() : "https".equals(workload.getScheme()) ? 443 : 80;
    }

    /**
     * Passes workload-service's problem on as it is: its status and detail are already the caller's business. With
     * {@code notFoundIsNull}, a 404 for the object is null; one for the cluster or the resource type stays a problem.
     */
    private static Uni<JsonNode> send(HttpRequest<Buffer> request, JsonNode body, boolean notFoundIsNull) {
        Uni<HttpResponse<Buffer>> sent = body == null ? request.send()
                : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.toString()));
        return sent.onFailure().transform(e -> ProblemException.unavailable("workload-service-unavailable",
                        "workload-service unavailable", "workload-service, which reads and changes clusters, cannot be reached", 5))
                .map(response -> {
                    if (response.statusCode() >= 300) {
                        ProblemException refused = refused(response);
                        if (response.statusCode() == 404 && notFoundIsNull && !NOT_THE_OBJECT.contains(refused.slug())) {
                            return null;
                        }
                        throw refused;
                    }
                    return StoredManifest.parse(response.bodyAsString());
                });
    }

    private static ProblemException refused(HttpResponse<Buffer> response) {
        JsonObject problem;
        try {
            problem = response.bodyAsJsonObject();
        } catch (RuntimeException notJson) {
            problem = null;
        }
        String fallback = "workload-service answered HTTP " + response.statusCode();
        String slug = problem == null ? "workload-service-refused" : problem.getString("type", "workload-service-refused")
                .replaceFirst(".*/", "");
        String title = problem == null ? "Refused by workload-service" : problem.getString("title", "Refused by workload-service");
        String detail = problem == null ? fallback : problem.getString("detail", fallback);
        return new ProblemException(response.statusCode() == 500 ? 502 : response.statusCode(), slug, title, detail);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
