package dev.kubeatlas.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxClusterTest {

    static SandboxCluster sandbox;
    static KubernetesClient client;

    @BeforeAll
    static void start() {
        sandbox = SandboxCluster.start("127.0.0.1", 0).seedDemoShop();
        // a client built from the sandbox's own kubeconfig, as a user of the platform would get it
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(sandbox.kubeconfig("sandbox", "t0ken"))).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.close();
    }

    @Test
    void reportsASimulatedVersion() {
        assertThat(client.getKubernetesVersion().getGitVersion()).contains(Discovery.SANDBOX_MARKER);
        assertThat(client.getKubernetesVersion().getMajor()).isEqualTo("1");
    }

    @Test
    void servesDiscoveryLikeARealApiServer() {
        assertThat(client.getApiGroups().getGroups()).extracting(g -> g.getName())
                .contains("apps", "batch", "networking.k8s.io", "apiextensions.k8s.io", "traefik.io");
        assertThat(client.getApiResources("apps/v1").getResources()).extracting(r -> r.getName())
                .contains("deployments", "deployments/scale", "statefulsets");
        assertThat(client.getApiResources("v1").getResources())
                .filteredOn(r -> r.getName().equals("pods")).singleElement()
                .satisfies(r -> assertThat(r.getShortNames()).containsExactly("po"));
    }

    @Test
    void seedsTheDemoShop() {
        assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                .contains("shop", "shop-data");
        assertThat(client.nodes().list().getItems()).hasSize(3);
        assertThat(client.apps().deployments().inNamespace("shop").list().getItems()).extracting(d -> d.getMetadata().getName())
                .contains("frontend", "cart", "checkout", "recommendation");
        assertThat(client.resourceQuotas().inNamespace("shop").withName("shop-quota").get()).isNotNull();
    }

    @Test
    void seedsBrokenPodsToDiagnose() {
        var reasons = client.pods().inNamespace("shop").list().getItems().stream()
                .flatMap(p -> p.getStatus().getContainerStatuses().stream())
                .filter(s -> s.getState().getWaiting() != null)
                .map(s -> s.getState().getWaiting().getReason()).toList();
        assertThat(reasons).contains("CrashLoopBackOff", "ImagePullBackOff");
    }

    @Test
    void keepsOwnerChainsForRelations() {
        Pod pod = client.pods().inNamespace("shop").withLabel("app", "checkout").list().getItems().get(0);
        String rsName = pod.getMetadata().getOwnerReferences().get(0).getName();
        var rs = client.apps().replicaSets().inNamespace("shop").withName(rsName).get();
        Deployment deployment = client.apps().deployments().inNamespace("shop").withName("checkout").get();
        assertThat(rs.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(deployment.getMetadata().getUid());
    }

    @Test
    void servesTheCustomResourceOfItsCrd() {
        GenericKubernetesResource route = client.genericKubernetesResources("traefik.io/v1alpha1", "IngressRoute")
                .inNamespace("shop").withName("frontend").get();
        assertThat(route).isNotNull();
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName("ingressroutes.traefik.io").get())
                .isNotNull();
    }

    @Test
    void behavesAsACrudServer() {
        client.apps().deployments().inNamespace("shop").withName("cart").scale(3);
        assertThat(client.apps().deployments().inNamespace("shop").withName("cart").get().getSpec().getReplicas())
                .isEqualTo(3);
    }
}
