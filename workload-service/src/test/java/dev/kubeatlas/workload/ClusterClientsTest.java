package dev.kubeatlas.workload;

import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.Topics;
import dev.kubeatlas.events.cluster.v1.ClusterRemoved;
import dev.kubeatlas.events.cluster.v1.ClusterUpdated;
import dev.kubeatlas.kube.ClusterClients;
import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.testing.ClusterServiceWireMock;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
@QuarkusTestResource(ClusterServiceWireMock.class)
class ClusterClientsTest {

    @Inject
    ClusterClients clients;

    static String cluster() {
        String name = "c-" + UUID.randomUUID().toString().substring(0, 8);
        ClusterServiceWireMock.serve(name, sandbox().kubeconfig(name, "t-" + UUID.randomUUID()), 1);
        return name;
    }

    static KubernetesClient ready(Uni<KubernetesClient> client) {
        return client.await().atMost(Duration.ofSeconds(20));
    }

    @Test
    void aClusterClientIsBuiltOnceFromCredentialsFetchedWithTheServiceIdentity() {
        String name = cluster();

        KubernetesClient client = ready(clients.forCluster(name));
        assertThat(client.pods().inNamespace("shop").list().getItems()).isNotEmpty();
        assertThat(ready(clients.forCluster(name))).isSameAs(client);

        clients.invalidate(name);
        List<KubernetesClient> concurrent = IntStream.range(0, 10).mapToObj(i -> clients.forCluster(name))
                .toList().stream().map(ClusterClientsTest::ready).toList();
        assertThat(concurrent).allMatch(c -> c == concurrent.get(0)).noneMatch(c -> c == client);
        assertThat(ClusterServiceWireMock.fetches(name)).isEqualTo(2);
    }

    @Test
    void changedCredentialsOrRemovalDropTheClient() {
        String name = cluster();
        KubernetesClient first = ready(clients.forCluster(name));

        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, CloudEvent.create(EventTypes.CLUSTER_UPDATED,
                "cluster-service", name, name, new ClusterUpdated(name, name, "sandbox", null, sandbox().url(), Map.of(),
                        List.of("kubeconfig"), true, "admin")));
        await().atMost(Duration.ofSeconds(30)).until(() -> !clients.cached().contains(name));
        KubernetesClient second = ready(clients.forCluster(name));
        assertThat(second).isNotSameAs(first);
        assertThat(second.namespaces().list().getItems()).isNotEmpty();

        KafkaBroker.sendEvent(Topics.CLUSTER_LIFECYCLE, name, CloudEvent.create(EventTypes.CLUSTER_REMOVED,
                "cluster-service", name, name, new ClusterRemoved(name, "admin")));
        await().atMost(Duration.ofSeconds(30)).until(() -> !clients.cached().contains(name));
    }

    @Test
    void anUnknownClusterIsNotFound() {
        assertThatThrownBy(() -> ready(clients.forCluster("no-such-cluster")))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(404));
        assertThat(clients.cached()).doesNotContain("no-such-cluster");
    }

    @Test
    void clientsShareTheServicesThreads() {
        String warmup = cluster();
        ready(clients.forCluster(warmup)).namespaces().list();
        int before = Thread.activeCount();
        for (int i = 0; i < 20; i++) {
            String name = cluster();
            ready(clients.forCluster(name)).namespaces().list();
            clients.invalidate(name);
        }
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(before + 4);
    }
}
