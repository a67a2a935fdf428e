package dev.kubeatlas.testing;

import dev.kubeatlas.sandbox.SandboxCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Starts a seeded sandbox cluster (fabric8 CRUD mock API server with discovery) for a test class. */
public class SandboxResource implements QuarkusTestResourceLifecycleManager {

    private static volatile SandboxCluster sandbox;

    public static SandboxCluster sandbox() {
        if (sandbox == null) {
            throw new IllegalStateException("Add @QuarkusTestResource(SandboxResource.class) to the test");
        }
        return sandbox;
    }

    @Override
    public Map<String, String> start() {
        sandbox = SandboxCluster.start("127.0.0.1", 0).seedDemoShop();
        return Map.of();
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }
}
