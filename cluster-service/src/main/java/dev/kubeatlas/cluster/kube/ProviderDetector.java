package dev.kubeatlas.cluster.kube;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Guesses the provider from the API server URL, the exec plugin or the version string. */
public final class ProviderDetector {

    private static final Map<String, String> BY_MARKER = new LinkedHashMap<>();

    static {
        BY_MARKER.put("eks.amazonaws.com", "eks");
        BY_MARKER.put("-eks-", "eks");
        BY_MARKER.put("aliyuncs.com", "ack");
        BY_MARKER.put("myhuaweicloud.com", "cce");
        BY_MARKER.put("tencent", "tke");
        BY_MARKER.put("azmk8s.io", "aks");
        BY_MARKER.put("gke", "gke");
        BY_MARKER.put("googleapis.com", "gke");
        BY_MARKER.put("aws", "eks");
        BY_MARKER.put("kubelogin", "aks");
        BY_MARKER.put("k3s", "k3s");
        BY_MARKER.put("kubeatlas-sandbox", "sandbox");
    }

    public static String detect(String server, String execCommand, String kubernetesVersion) {
        String haystack = String.join(" ", nullToEmpty(server), nullToEmpty(execCommand), nullToEmpty(kubernetesVersion))
                .toLowerCase(Locale.ROOT);
        return BY_MARKER.entrySet().stream().filter(e -> haystack.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse("generic");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private ProviderDetector() {
    }
}
