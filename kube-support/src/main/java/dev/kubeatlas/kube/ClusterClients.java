package dev.kubeatlas.kube;

import dev.kubeatlas.support.consumer.ClusterChanged;
import dev.kubeatlas.support.problem.ProblemException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fabric8 {@link KubernetesClient} for any registered cluster: {@code clients.forCluster(name)}.
 * <p>
 * The first call for a cluster fetches its credentials from cluster-service (service identity, internal API) and
 * builds the client; later calls return the same client at no cost, and concurrent first calls share one fetch.
 * A lifecycle event that says the cluster's credentials changed, or that it was removed, closes the client and drops
 * it; the next call builds a new one. All clients share the service's Vert.x instance, so none has threads of its own.
 */
@ApplicationScoped
public class ClusterClients {

    private final CredentialsClient credentials;
    private final VertxHttpClientFactory httpClients;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Map<String, Uni<Entry>> cache = new ConcurrentHashMap<>();

    record Entry(KubernetesClient client, int revision) {
    }

    public ClusterClients(CredentialsClient credentials, Vertx vertx,
                          @ConfigProperty(name = "kubeatlas.kube.connect-timeout") Duration connectTimeout,
                          @ConfigProperty(name = "kubeatlas.kube.request-timeout") Duration requestTimeout) {
        this.credentials = credentials;
        this.httpClients = new VertxHttpClientFactory(vertx);
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /**
     * The client for a registered cluster. Fails with a 404 problem for a cluster cluster-service does not know, and a
     * 503 problem when its credentials cannot be obtained now.
     */
    public Uni<KubernetesClient> forCluster(String name) {
        return cache.computeIfAbsent(name, this::load)
                .onFailure().invoke(e -> cache.remove(name))
                .map(Entry::client);
    }

    /** Closes and drops the client of a cluster, if there is one; the next {@link #forCluster} builds a new one. */
    public void invalidate(String name) {
        Uni<Entry> removed = cache.remove(name);
        if (removed != null) {
            removed.subscribe().with(entry -> {
                entry.client().close();
                Log.infof("Closed the client of cluster %s (credentials revision %d)", name, entry.revision());
            }, failure -> { });
        }
    }

    /** The clusters that have a client now. */
    public Set<String> cached() {
        return Set.copyOf(cache.keySet());
    }

    void onChange(@Observes ClusterChanged change) {
        if (change.change() == ClusterChanged.Change.CREDENTIALS_CHANGED
                || change.change() == ClusterChanged.Change.REMOVED) {
            invalidate(change.name());
        }
    }

    @PreDestroy
    void closeAll() {
        cached().forEach(this::invalidate);
    }

    private Uni<Entry> load(String name) {
        return credentials.fetch(name)
                .map(this::build)
                .invoke(entry -> Log.infof("Built a client for cluster %s (credentials revision %d)", name, entry.revision()))
                .memoize().indefinitely();
    }

    private Entry build(ClusterCredentials credentials) {
        Config config;
        try {
            config = Config.fromKubeconfig(credentials.context(), credentials.kubeconfig(), null);
        } catch (RuntimeException e) {
            // never pass on the parser's message: it may quote the kubeconfig
            throw ProblemException.unavailable("cluster-credentials-invalid", "Cluster credentials unusable",
                    "The stored kubeconfig of cluster '" + credentials.name() + "' cannot be used to build a client", 30);
        }
        config.setConnectionTimeout((int) connectTimeout.toMillis());
        config.setRequestTimeout((int) requestTimeout.toMillis());
        config.setRequestRetryBackoffLimit(1);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(httpClients).build();
        return new Entry(client, credentials.revision());
    }
}
