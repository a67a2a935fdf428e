package dev.kubeatlas.cluster.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads kubeconfigs and refuses what must not run on a server: references to local files (only inline data is
 * accepted), auth provider plugins, and exec plugins whose command is not allowlisted.
 */
public final class KubeconfigParser {

    private final Set<String> execAllowlist;

    public KubeconfigParser(Set<String> execAllowlist) {
        this.execAllowlist = Set.copyOf(execAllowlist);
    }

    /** Every context of the kubeconfig, validated. */
    public List<ParsedKubeconfig> contexts(String kubeconfig) {
        Config config = read(kubeconfig);
        if (config.getContexts() == null || config.getContexts().isEmpty()) {
            throw new KubeconfigException("The kubeconfig has no contexts");
        }
        List<ParsedKubeconfig> result = new ArrayList<>();
        for (NamedContext context : config.getContexts()) {
            result.add(resolve(config, context));
        }
        return result;
    }

    /**
     * The given context, or the kubeconfig's current context when {@code context} is null.
     */
    public ParsedKubeconfig context(String kubeconfig, String context) {
        Config config = read(kubeconfig);
        String wanted = context != null && !context.isBlank() ? context : config.getCurrentContext();
        if (wanted == null || wanted.isBlank()) {
            if (config.getContexts() != null && config.getContexts().size() == 1) {
                return resolve(config, config.getContexts().get(0));
            }
            throw new KubeconfigException("The kubeconfig has no current-context; name one with \"context\"");
        }
        NamedContext named = config.getContexts() == null ? null : config.getContexts().stream()
                .filter(c -> wanted.equals(c.getName())).findFirst().orElse(null);
        if (named == null) {
            throw new KubeconfigException("The kubeconfig has no context named '" + wanted + "'");
        }
        return resolve(config, named);
    }

    private ParsedKubeconfig resolve(Config config, NamedContext context) {
        String name = context.getName();
        if (context.getContext() == null) {
            throw new KubeconfigException("Context '" + name + "' is empty");
        }
        String clusterRef = context.getContext().getCluster();
        NamedCluster cluster = config.getClusters() == null ? null : config.getClusters().stream()
                .filter(c -> c.getName() != null && c.getName().equals(clusterRef)).findFirst().orElse(null);
        if (cluster == null || cluster.getCluster() == null) {
            throw new KubeconfigException("Context '" + name + "' refers to cluster '" + clusterRef + "', which is not defined");
        }
        String server = cluster.getCluster().getServer();
        if (server == null || !(server.startsWith("https://") || server.startsWith("http://"))) {
            throw new KubeconfigException("Cluster '" + clusterRef + "' has no http(s) server URL");
        }
        if (cluster.getCluster().getCertificateAuthority() != null) {
            throw new KubeconfigException("Cluster '" + clusterRef
                    + "' refers to a local file (certificate-authority); use certificate-authority-data");
        }
        String userRef = context.getContext().getUser();
        NamedAuthInfo user = config.getUsers() == null ? null : config.getUsers().stream()
                .filter(u -> u.getName() != null && u.getName().equals(userRef)).findFirst().orElse(null);
        if (user == null || user.getUser() == null) {
            throw new KubeconfigException("Context '" + name + "' refers to user '" + userRef + "', which is not defined");
        }
        AuthInfo auth = user.getUser();
        String authKind = authKind(userRef, auth);
        String execCommand = auth.getExec() == null ? null : auth.getExec().getCommand();
        return new ParsedKubeconfig(name, clusterRef, server, userRef, context.getContext().getNamespace(), authKind,
                execCommand, name.equals(config.getCurrentContext()), only(config, context, cluster, user));
    }

    /** A kubeconfig of just the validated context, cluster and user: what a client is built from. */
    private static Config only(Config config, NamedContext context, NamedCluster cluster, NamedAuthInfo user) {
        return new ConfigBuilder().withApiVersion("v1").withKind("Config").withCurrentContext(context.getName())
                .withContexts(context).withClusters(cluster).withUsers(user)
                .withPreferences(config.getPreferences()).build();
    }

    /**
     * Names must be unique: a client library resolving a reference to another entry of the same name than the one
     * validated here would connect somewhere else, or run a command, that was never checked.
     */
    private static void requireUniqueNames(String section, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new KubeconfigException("The kubeconfig defines " + section + " '" + name + "' more than once");
            }
        }
    }

    private String authKind(String userRef, AuthInfo auth) {
        for (var file : new String[][]{{"client-certificate", auth.getClientCertificate()},
                {"client-key", auth.getClientKey()}, {"tokenFile", auth.getTokenFile()}}) {
            if (file[1] != null && !file[1].isBlank()) {
                throw new KubeconfigException("User '" + userRef + "' refers to a local file (" + file[0]
                        + "); only inline data is accepted");
            }
        }
        if (auth.getAuthProvider() != null) {
            throw new KubeconfigException("User '" + userRef + "' uses an auth-provider plugin, which is not supported;"
                    + " use a token, a client certificate or an allowlisted exec plugin");
        }
        if (auth.getExec() != null) {
            String command = auth.getExec().getCommand();
            String base = command == null ? "" : Path.of(command).getFileName().toString();
            if (!execAllowlist.contains(base)) {
                throw new KubeconfigException("User '" + userRef + "' runs exec plugin '" + base
                        + "', which is not on the allowlist (kubeatlas.clusters.exec-allowlist)");
            }
            return "exec";
        }
        if (auth.getClientCertificateData() != null || auth.getClientKeyData() != null) {
            if (auth.getClientCertificateData() == null || auth.getClientKeyData() == null) {
                throw new KubeconfigException("User '" + userRef
                        + "' needs both client-certificate-data and client-key-data");
            }
            return "client-certificate";
        }
        if (auth.getToken() != null && !auth.getToken().isBlank()) {
            return "token";
        }
        if (auth.getUsername() != null) {
            return "basic";
        }
        return "none";
    }

    private static Config read(String kubeconfig) {
        if (kubeconfig == null || kubeconfig.isBlank()) {
            throw new KubeconfigException("The kubeconfig is empty");
        }
        if (kubeconfig.indexOf('\0') >= 0) {
            throw new KubeconfigException("The kubeconfig contains a NUL character");
        }
        Object parsed;
        try {
            parsed = Serialization.unmarshal(kubeconfig, Config.class);
        } catch (RuntimeException e) {
            throw new KubeconfigException("The kubeconfig is not valid YAML" + location(e));
        }
        if (!(parsed instanceof Config config) || !"Config".equals(config.getKind()) && config.getClusters() == null) {
            throw new KubeconfigException("The document is not a kubeconfig (kind: Config)");
        }
        if (Serialization.asJson(config).contains("\\u0000")) {
            // written as an escape in a quoted YAML string
            throw new KubeconfigException("The kubeconfig contains a NUL character");
        }
        requireUniqueNames("cluster", names(config.getClusters(), NamedCluster::getName));
        requireUniqueNames("user", names(config.getUsers(), NamedAuthInfo::getName));
        requireUniqueNames("context", names(config.getContexts(), NamedContext::getName));
        return config;
    }

    private static <T> List<String> names(List<T> entries, Function<T, String> name) {
        return entries == null ? List.of() : entries.stream().filter(Objects::nonNull).map(name).toList();
    }

    private static String location(Throwable e) {
        // Jackson's message quotes the input, which may hold credentials: only the position is passed on
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException j && j.getLocation() != null) {
                return " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
            }
        }
        return "";
    }
}
