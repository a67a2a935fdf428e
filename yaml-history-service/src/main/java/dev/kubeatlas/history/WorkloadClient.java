package dev.kubeatlas.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.history.diff.StoredManifest;
import dev.kubeatlas.history.model.TrackedResource;
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

/**
 * workload-service's public API, called with the caller's own bearer token: what the history service reads from or
 * writes to a cluster is authorized and audited as the caller's.
 */
@ApplicationScoped
public class WorkloadClient {

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
        return send(request("GET", t, t.name, false, bearer), null, true);
    }

    /** Creates (POST) or replaces (PUT) the object; {@code dryRun} is the API server's dry run. */
    public Uni<JsonNode> write(TrackedResource t, ObjectNode desired, boolean create, boolean dryRun, String bearer) {
        return send(request(create ? "POST" : "PUT", t, create ? null : t.name, dryRun, bearer), desired, false);
    }

    private HttpRequest<Buffer> request(String method, TrackedResource t, String name, boolean dryRun, String bearer) {
        StringBuilder path = new StringBuilder(workload.getPath().replaceAll("/$", ""))
                .append("/api/v1/clusters/").append(encode(t.cluster)).append("/resources/").append(encode(t.resource));
        if (name != null) {
            path.append('/').append(encode(name));
        }
        List<String> query = new ArrayList<>();
        if (!TrackedResource.CLUSTER_SCOPED.equals(t.namespace)) {
            query.add("namespace=" + encode(t.namespace));
        }
        if (dryRun) {
            query.add("dryRun=true");
        }
        if (!query.isEmpty()) {
            path.append('?').append(String.join("&", query));
        }
        int port = workload.getPort() > 0 ? workload.getPort() : "https".equals(workload.getScheme()) ? 443 : 80;
        HttpRequest<Buffer> request = switch (method) {
            case "GET" -> web.get(port, workload.getHost(), path.toString());
            case "POST" -> web.post(port, workload.getHost(), path.toString());
            default -> web.put(port, workload.getHost(), path.toString());
        };
        return request.ssl("https".equals(workload.getScheme())).putHeader("Authorization", bearer)
                .putHeader("Accept", "application/json").timeout(30_000);
    }

    /** Passes workload-service's problem on as it is: its status and detail are already the caller's business. */
    private static Uni<JsonNode> send(HttpRequest<Buffer> request, JsonNode body, boolean notFoundIsNull) {
        Uni<HttpResponse<Buffer>> sent = body == null ? request.send()
                : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.toString()));
        return sent.onFailure().transform(e -> ProblemException.unavailable("workload-service-unavailable",
                        "workload-service unavailable", "The rollback could not reach workload-service", 5))
                .map(response -> {
                    if (response.statusCode() == 404 && notFoundIsNull) {
                        return null;
                    }
                    if (response.statusCode() >= 300) {
                        JsonObject problem = response.bodyAsJsonObject();
                        String slug = problem == null ? "rollback-failed" : problem.getString("type", "rollback-failed")
                                .replaceFirst(".*/", "");
                        String detail = problem == null ? "workload-service answered HTTP " + response.statusCode()
                                : problem.getString("detail", "workload-service answered HTTP " + response.statusCode());
                        throw new ProblemException(response.statusCode(), slug, "Rollback refused", detail);
                    }
                    return StoredManifest.parse(response.bodyAsString());
                });
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
