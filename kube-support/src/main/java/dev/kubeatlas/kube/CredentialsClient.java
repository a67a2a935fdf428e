package dev.kubeatlas.kube;

import dev.kubeatlas.support.problem.ProblemException;
import io.quarkus.oidc.client.OidcClient;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches a cluster's credentials from cluster-service's internal API with this service's own identity (a
 * client-credentials token from the realm), never a user's token.
 */
@ApplicationScoped
public class CredentialsClient {

    private final OidcClient oidc;
    private final WebClient web;
    private final URI base;
    private final Duration timeout;

    public CredentialsClient(OidcClient oidc, Vertx vertx,
                             @ConfigProperty(name = "kubeatlas.cluster-service.url") URI base,
                             @ConfigProperty(name = "kubeatlas.kube.request-timeout") Duration timeout) {
        this.oidc = oidc;
        this.web = WebClient.create(vertx);
        this.base = base;
        this.timeout = timeout;
    }

    public Uni<ClusterCredentials> fetch(String cluster) {
        String path = base.getPath().replaceAll("/$", "") + "/internal/v1/clusters/"
                + URLEncoder.encode(cluster, StandardCharsets.UTF_8) + "/credentials";
        return oidc.getTokens()
                .onFailure().transform(e -> unavailable("the identity provider did not issue a service token"))
                .chain(tokens -> web.get(port(), base.getHost(), path)
                        .ssl("https".equals(base.getScheme()))
                        .bearerTokenAuthentication(tokens.getAccessToken())
                        .timeout(timeout.toMillis())
                        .send()
                        .onFailure().transform(e -> unavailable("cluster-service cannot be reached")))
                .map(response -> read(cluster, response));
    }

    @PreDestroy
    void close() {
        web.close();
    }

    private int port() {
        return base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
    }

    private static ClusterCredentials read(String cluster, HttpResponse<?> response) {
        int status = response.statusCode();
        if (status == 404) {
            throw ProblemException.notFound("cluster-not-found", "Cluster not found",
                    "No cluster named '" + cluster + "'");
        }
        if (status != 200) {
            // the body is not passed on: it is cluster-service's business
            throw unavailable("cluster-service answered HTTP " + status + " for the credentials of '" + cluster + "'");
        }
        JsonObject body = response.bodyAsJsonObject();
        return new ClusterCredentials(body.getString("name"), body.getString("context"), body.getString("server"),
                body.getString("kubeconfig"), body.getInteger("revision", 0));
    }

    static ProblemException unavailable(String why) {
        return ProblemException.unavailable("credentials-unavailable", "Cluster credentials unavailable",
                "Cannot obtain the cluster's credentials: " + why, 5);
    }
}
