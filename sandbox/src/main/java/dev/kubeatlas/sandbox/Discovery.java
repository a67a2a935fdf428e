package dev.kubeatlas.sandbox;

import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.kubeatlas.sandbox.ApiResource.ALL_VERBS;
import static dev.kubeatlas.sandbox.ApiResource.READ_VERBS;

/**
 * Serves the version and API discovery ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/G/V}) the way
 * a real API server does; the CRUD mock server answers neither by itself. Also answers SelfSubjectAccessReviews.
 */
public final class Discovery {

    /** The Kubernetes version the sandbox reports; the build metadata marks it as simulated. */
    public static final String GIT_VERSION = "v1.31.4+kubeatlas-sandbox";
    public static final String SANDBOX_MARKER = "kubeatlas-sandbox";

    static final List<ApiResource> BUILT_IN = List.of(
            core("pods", "pod", "Pod", true, List.of("po")),
            core("services", "service", "Service", true, List.of("svc")),
            core("configmaps", "configmap", "ConfigMap", true, List.of("cm")),
            core("secrets", "secret", "Secret", true, List.of()),
            core("namespaces", "namespace", "Namespace", false, List.of("ns")),
            core("nodes", "node", "Node", false, List.of("no")),
            core("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, List.of("pvc")),
            core("persistentvolumes", "persistentvolume", "PersistentVolume", false, List.of("pv")),
            core("serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa")),
            core("resourcequotas", "resourcequota", "ResourceQuota", true, List.of("quota")),
            core("limitranges", "limitrange", "LimitRange", true, List.of("limits")),
            core("endpoints", "endpoints", "Endpoints", true, List.of("ep")),
            new ApiResource("", "v1", "events", "event", "Event", true, List.of("ev"), ALL_VERBS),
            apps("deployments", "deployment", "Deployment", List.of("deploy")),
            apps("replicasets", "replicaset", "ReplicaSet", List.of("rs")),
            apps("statefulsets", "statefulset", "StatefulSet", List.of("sts")),
            apps("daemonsets", "daemonset", "DaemonSet", List.of("ds")),
            new ApiResource("batch", "v1", "jobs", "job", "Job", true, List.of(), ALL_VERBS),
            new ApiResource("batch", "v1", "cronjobs", "cronjob", "CronJob", true, List.of("cj"), ALL_VERBS),
            new ApiResource("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, List.of("ing"), ALL_VERBS),
            new ApiResource("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true,
                    List.of("netpol"), ALL_VERBS),
            new ApiResource("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler",
                    "HorizontalPodAutoscaler", true, List.of("hpa"), ALL_VERBS),
            new ApiResource("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true,
                    List.of("pdb"), ALL_VERBS),
            new ApiResource("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, List.of(), ALL_VERBS),
            new ApiResource("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true,
                    List.of(), ALL_VERBS),
            new ApiResource("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false,
                    List.of(), ALL_VERBS),
            new ApiResource("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding",
                    "ClusterRoleBinding", false, List.of(), ALL_VERBS),
            new ApiResource("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false,
                    List.of("sc"), ALL_VERBS),
            new ApiResource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
                    "CustomResourceDefinition", false, List.of("crd", "crds"), ALL_VERBS),
            new ApiResource("metrics.k8s.io", "v1beta1", "nodes", "", "NodeMetrics", false, List.of(), READ_VERBS),
            new ApiResource("metrics.k8s.io", "v1beta1", "pods", "", "PodMetrics", true, List.of(), READ_VERBS));

    /** The custom resources the demo shop installs CRDs for. */
    static final List<ApiResource> CUSTOM = List.of(
            new ApiResource("traefik.io", "v1alpha1", "ingressroutes", "ingressroute", "IngressRoute", true,
                    List.of(), ALL_VERBS));

    private final List<ApiResource> resources;

    /** The API groups of the built-in kinds ("" for the core group), as opposed to those of custom resources. */
    static Set<String> builtInGroups() {
        return BUILT_IN.stream().map(ApiResource::group).collect(Collectors.toUnmodifiableSet());
    }

    Discovery(List<ApiResource> resources) {
        this.resources = List.copyOf(resources);
    }

    static Discovery standard() {
        List<ApiResource> all = new ArrayList<>(BUILT_IN);
        all.addAll(CUSTOM);
        return new Discovery(all);
    }

    /** What {@code /version} answers; the mock server serves it itself. */
    static VersionInfo versionInfo() {
        try {
            return new VersionInfo.Builder().withMajor("1").withMinor("31").withGitVersion(GIT_VERSION)
                    .withGitCommit("0000000000000000000000000000000000000000").withGitTreeState("clean")
                    .withBuildDate("2026-01-01T00:00:00Z").withGoVersion("go1.23.4").withCompiler("gc")
                    .withPlatform("linux/amd64").build();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    void register(KubernetesMockServer server) {
        // the sandbox accepts any credentials, so it allows whatever they ask to do
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                .andReply(201, request -> allowed(request.getBody().readUtf8())).always();
        server.expect().get().withPath("/api").andReturn(200, Map.of(
                "kind", "APIVersions", "versions", List.of("v1"),
                "serverAddressByClientCIDRs", List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "127.0.0.1")))).always();
        server.expect().get().withPath("/apis").andReturn(200, groupList()).always();
        Map<String, List<ApiResource>> byGroupVersion = new LinkedHashMap<>();
        resources.forEach(r -> byGroupVersion.computeIfAbsent(r.groupVersion(), gv -> new ArrayList<>()).add(r));
        byGroupVersion.forEach((groupVersion, list) -> server.expect().get()
                .withPath(groupVersion.contains("/") ? "/apis/" + groupVersion : "/api/" + groupVersion)
                .andReturn(200, resourceList(groupVersion, list)).always());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> allowed(String review) {
        Map<String, Object> answer = new LinkedHashMap<>(Serialization.unmarshal(review, Map.class));
        answer.put("status", Map.of("allowed", true, "reason", "the KubeAtlas sandbox allows every request"));
        return answer;
    }

    Map<String, Object> groupList() {
        Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
        resources.stream().filter(r -> !r.group().isEmpty()).forEach(r -> {
            List<String> versions = versionsByGroup.computeIfAbsent(r.group(), g -> new ArrayList<>());
            if (!versions.contains(r.version())) {
                versions.add(r.version());
            }
        });
        List<Map<String, Object>> groups = new ArrayList<>();
        versionsByGroup.forEach((group, versions) -> {
            List<Map<String, String>> gvs = versions.stream()
                    .map(v -> Map.of("groupVersion", group + "/" + v, "version", v)).toList();
            groups.add(Map.of("name", group, "versions", gvs, "preferredVersion", gvs.get(0)));
        });
        return Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups);
    }

    static Map<String, Object> resourceList(String groupVersion, List<ApiResource> list) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (ApiResource r : list) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", r.plural());
            item.put("singularName", r.singular());
            item.put("namespaced", r.namespaced());
            item.put("kind", r.kind());
            item.put("verbs", r.verbs());
            if (!r.shortNames().isEmpty()) {
                item.put("shortNames", r.shortNames());
            }
            items.add(item);
            if (List.of("deployments", "replicasets", "statefulsets").contains(r.plural())) {
                items.add(Map.of("name", r.plural() + "/scale", "singularName", "", "namespaced", true,
                        "group", "autoscaling", "version", "v1", "kind", "Scale", "verbs", List.of("get", "patch", "update")));
            }
            if (r.verbs().contains("update")) {
                items.add(Map.of("name", r.plural() + "/status", "singularName", "", "namespaced", r.namespaced(),
                        "kind", r.kind(), "verbs", List.of("get", "patch", "update")));
            }
        }
        return Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", groupVersion, "resources", items);
    }

    private static ApiResource core(String plural, String singular, String kind, boolean namespaced, List<String> shortNames) {
        return new ApiResource("", "v1", plural, singular, kind, namespaced, shortNames, ALL_VERBS);
    }

    private static ApiResource apps(String plural, String singular, String kind, List<String> shortNames) {
        return new ApiResource("apps", "v1", plural, singular, kind, true, shortNames, ALL_VERBS);
    }
}
