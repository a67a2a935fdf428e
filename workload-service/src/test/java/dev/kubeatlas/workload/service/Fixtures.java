package dev.kubeatlas.workload.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.workload.kube.ApiResourceType;
import dev.kubeatlas.workload.kube.KubeObject;

import java.util.List;

/** Objects and types for unit tests of the service layer, written as the API server hands them out. */
public final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    public static ApiResourceType type(String group, String plural, String kind, boolean namespaced) {
        return new ApiResourceType(group, "v1", plural, kind.toLowerCase(), kind, namespaced, List.of(),
                List.of("get", "list", "create", "update", "patch", "delete"), List.of(), List.of());
    }

    public static final ApiResourceType PODS = type("", "pods", "Pod", true);
    public static final ApiResourceType NODES = type("", "nodes", "Node", false);
    public static final ApiResourceType SERVICES = type("", "services", "Service", true);
    public static final ApiResourceType CONFIG_MAPS = type("", "configmaps", "ConfigMap", true);
    public static final ApiResourceType DEPLOYMENTS = type("apps", "deployments", "Deployment", true);
    public static final ApiResourceType REPLICA_SETS = type("apps", "replicasets", "ReplicaSet", true);

    /** An object from JSON written with single quotes. */
    public static KubeObject object(String json) {
        try {
            return KubeObject.fromManifest((ObjectNode) JSON.readTree(json.replace('\'', '"')));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Fixtures() {
    }
}
