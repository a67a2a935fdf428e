package dev.kubeatlas.cluster.kube;

import dev.kubeatlas.cluster.config.ClusterConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Set;

public class KubeProducers {

    @Produces
    @Singleton
    KubeconfigParser parser(ClusterConfig config) {
        return new KubeconfigParser(Set.copyOf(config.execAllowlist().orElse(List.of())));
    }

    @Produces
    @Singleton
    ConnectionTester tester(ClusterConfig config) {
        return new ConnectionTester(config.connectTimeout(), new ServerAddressGuard(config.allowLoopback(), Set.copyOf(config.platformPorts())));
    }
}
