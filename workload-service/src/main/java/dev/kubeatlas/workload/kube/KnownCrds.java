package dev.kubeatlas.workload.kube;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Custom resource families users ask for by name. They work through the generic API like any other custom
 * resource once their CRDs are installed; this table only lets a 404 say which CRD is missing and what installs it.
 */
final class KnownCrds {

    record Family(String project, String group, List<String> names, String installs) {
    }

    static final List<Family> FAMILIES = List.of(
            new Family("OpenKruise", "apps.kruise.io",
                    List.of("clonesets", "cloneset", "daemonsets.apps.kruise.io", "advanceddaemonsets", "statefulsets.apps.kruise.io",
                            "advancedstatefulsets", "asts", "sidecarsets", "broadcastjobs", "advancedcronjobs", "uniteddeployments"),
                    "the OpenKruise Helm chart (helm install kruise openkruise/kruise)"),
            new Family("Traefik", "traefik.io",
                    List.of("ingressroutes", "ingressroute", "ingressroutetcps", "ingressroutetcp", "ingressrouteudps",
                            "ingressrouteudp", "middlewares", "middleware", "middlewaretcps", "tlsoptions", "tlsoption",
                            "tlsstores", "tlsstore", "traefikservices", "traefikservice", "serverstransports",
                            "serverstransport", "serverstransporttcps"),
                    "the Traefik CRDs (helm install traefik traefik/traefik, or kubectl apply -f the traefik CRD manifest)"),
            new Family("Tailscale", "tailscale.com",
                    List.of("connectors", "connector", "proxyclasses", "proxyclass", "proxygroups", "proxygroup",
                            "dnsconfigs", "recorders"),
                    "the Tailscale Kubernetes operator (helm install tailscale-operator tailscale/tailscale-operator)"),
            new Family("K3s system-upgrade-controller", "upgrade.cattle.io",
                    List.of("plans", "plan"),
                    "the system-upgrade-controller (kubectl apply -f its crd.yaml and system-upgrade-controller.yaml)"));

    /** The family whose CRD would serve {@code name} (plural, singular or {@code plural.group}), if any. */
    static Optional<Family> forName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (Family family : FAMILIES) {
            if (wanted.endsWith("." + family.group())) {
                return Optional.of(family);
            }
            if (family.names().contains(wanted)) {
                return Optional.of(family);
            }
        }
        return Optional.empty();
    }

    private KnownCrds() {
    }
}
