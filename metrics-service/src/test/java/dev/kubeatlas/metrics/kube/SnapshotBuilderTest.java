package dev.kubeatlas.metrics.kube;

import dev.kubeatlas.metrics.model.ClusterSnapshot;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A snapshot built from plain API objects, as the collector hands them over one at a time. */
class SnapshotBuilderTest {

    static Node node(String name, boolean ready) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("zone", "a").endMetadata()
                .withNewSpec().addNewTaint().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").endTaint().endSpec()
                .withNewStatus().addToAllocatable("cpu", new Quantity("8")).addToAllocatable("memory", new Quantity("16Gi"))
                .addToAllocatable("pods", new Quantity("110")).addToCapacity("cpu", new Quantity("8"))
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addNewCondition().withType("MemoryPressure").withStatus("True").endCondition()
                .endStatus().build();
    }

    static Pod pod(String name, String node, String waiting) {
        return new PodBuilder().withNewMetadata().withNamespace("shop").withName(name).addToLabels("app", "cart").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("cart").withNewResources()
                .addToRequests("cpu", new Quantity("500m")).addToRequests("memory", new Quantity("256Mi"))
                .addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("512Mi")).endResources().endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("cart").withRestartCount(4)
                .withNewState().withNewWaiting().withReason(waiting).endWaiting().endState().endContainerStatus()
                .endStatus().build();
    }

    static GenericKubernetesResource metrics(String name, String namespace, Map<String, Object> fields) {
        GenericKubernetesResource m = new GenericKubernetesResource();
        m.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        fields.forEach(m::setAdditionalProperty);
        return m;
    }

    static ResourceQuota quota(String used, String hard) {
        return new ResourceQuotaBuilder().withNewMetadata().withNamespace("shop").withName("q").endMetadata()
                .withNewSpec().addToHard("requests.cpu", new Quantity(hard)).endSpec()
                .withNewStatus().addToHard("requests.cpu", new Quantity(hard)).addToUsed("requests.cpu", new Quantity(used))
                .endStatus().build();
    }

    @Test
    void usageRequestsAndLimitsAddUpPerNodeAndPod() {
        SnapshotBuilder builder = new SnapshotBuilder("c");
        builder.nodeMetrics(metrics("n1", null, Map.of("usage", Map.of("cpu", "7600m", "memory", "8Gi"))));
        builder.podMetrics(metrics("cart-1", "shop", Map.of("containers",
                List.of(Map.of("name", "cart", "usage", Map.of("cpu", "950m", "memory", "480Mi"))))));
        builder.pod(pod("cart-1", "n1", "CrashLoopBackOff"));
        ClusterSnapshot s = builder.build(List.of(node("n1", true)), List.of(quota("3800m", "4")));

        assertThat(s.usageAvailable()).isTrue();
        ClusterSnapshot.NodeStats n = s.nodes().get(0);
        assertThat(n.cpuAllocatableMillis()).isEqualTo(8000);
        assertThat(n.cpuUsagePercent()).isEqualTo(95.0);
        assertThat(n.cpuRequestsMillis()).isEqualTo(500);
        assertThat(n.memoryLimitsBytes()).isEqualTo(512L << 20);
        assertThat(n.pods()).isEqualTo(1);
        assertThat(n.taints()).containsExactly("dedicated=gpu:NoSchedule");
        assertThat(n.pressure()).containsExactly("MemoryPressure");

        ClusterSnapshot.PodStats p = s.pods().get(0);
        assertThat(p.cpuUsageMillis()).isEqualTo(950);
        assertThat(p.restarts()).isEqualTo(4);
        assertThat(p.containers().get(0).cpuOfLimitPercent()).isEqualTo(95.0);
        assertThat(p.containers().get(0).memoryOfLimitPercent()).isEqualTo(93.8);
        assertThat(p.nearLimit()).isTrue();
        assertThat(p.noLimits()).isFalse();

        assertThat(s.quotas()).singleElement().satisfies(q -> {
            assertThat(q.used()).isEqualTo(3800);
            assertThat(q.hard()).isEqualTo(4000);
            assertThat(q.percent()).isEqualTo(95.0);
        });
        assertThat(s.summary().health()).isEqualTo("warning");
        assertThat(s.summary().crashLooping()).isEqualTo(1);
        assertThat(s.summary().issues()).contains("node n1 has MemoryPressure", "node n1 CPU at 95.0 %",
                "pod shop/cart-1 container cart: CrashLoopBackOff", "quota shop/q requests.cpu at 95.0 %");
    }

    @Test
    void withoutMetricsEveryFigureButUsageIsThere() {
        SnapshotBuilder builder = new SnapshotBuilder("c");
        builder.podMetrics(metrics("cart-1", "shop", Map.of("containers",
                List.of(Map.of("name", "cart", "usage", Map.of("cpu", "950m", "memory", "480Mi"))))));
        builder.usageUnavailable("metrics.k8s.io is not served");
        builder.pod(pod("cart-1", "n1", null));
        ClusterSnapshot s = builder.build(List.of(node("n1", false)), List.of());

        assertThat(s.usageAvailable()).isFalse();
        assertThat(s.usageUnavailableReason()).contains("metrics.k8s.io");
        assertThat(s.nodes().get(0).cpuUsageMillis()).isNull();
        assertThat(s.nodes().get(0).cpuRequestsPercent()).isEqualTo(6.3);
        assertThat(s.pods().get(0).cpuUsageMillis()).isNull();
        assertThat(s.summary().cpuUsageMillis()).isNull();
        // the only node NotReady: critical
        assertThat(s.summary().health()).isEqualTo("critical");
        assertThat(s.summary().nodesReady()).isZero();
    }
}
