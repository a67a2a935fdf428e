package dev.kubeatlas.cluster.kube;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeconfigParserTest {

    private final KubeconfigParser parser = new KubeconfigParser(Set.of("aws"));

    static String kubeconfig(String clusters, String users) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                %s
                contexts:
                - name: c
                  context: {cluster: k, user: u}
                current-context: c
                users:
                %s
                """.formatted(clusters, users);
    }

    static final String CLUSTER = "- name: k\n  cluster: {server: 'https://203.0.113.10:6443'}";
    static final String USER = "- name: u\n  user: {token: t}";

    @Test
    void duplicateNamesAreRefusedInEverySection() {
        String execUser = "- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: [-c, id]}";
        assertThatThrownBy(() -> parser.context(kubeconfig(CLUSTER, USER + "\n" + execUser), null))
                .isInstanceOf(KubeconfigException.class).hasMessageContaining("user 'u' more than once");
        assertThatThrownBy(() -> parser.contexts(kubeconfig(CLUSTER + "\n- name: k\n  cluster: {server: 'http://127.0.0.1:8081'}", USER)))
                .isInstanceOf(KubeconfigException.class).hasMessageContaining("cluster 'k' more than once");
        String twoContexts = kubeconfig(CLUSTER, USER).replace("current-context: c",
                "- name: c\n  context: {cluster: k, user: u}\ncurrent-context: c");
        assertThatThrownBy(() -> parser.contexts(twoContexts))
                .isInstanceOf(KubeconfigException.class).hasMessageContaining("context 'c' more than once");
    }

    @Test
    void aNulCharacterIsRefused() {
        assertThatThrownBy(() -> parser.context(kubeconfig(CLUSTER.replace("6443", "6443\u0000"), USER), null))
                .isInstanceOf(KubeconfigException.class).hasMessageContaining("NUL");
    }

    @Test
    void theValidatedKubeconfigHoldsOnlyTheValidatedEntries() {
        String other = "- name: other\n  cluster: {server: 'http://127.0.0.1:8081'}";
        String otherUser = "- name: x\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh}";
        String user = "- name: u\n  user: {token: s3cr3t-value}";
        ParsedKubeconfig parsed = parser.context(kubeconfig(CLUSTER + "\n" + other, user + "\n" + otherUser), null);
        assertThat(parsed.validated().getClusters()).singleElement()
                .satisfies(c -> assertThat(c.getCluster().getServer()).isEqualTo("https://203.0.113.10:6443"));
        assertThat(parsed.validated().getUsers()).singleElement()
                .satisfies(u -> assertThat(u.getUser().getExec()).isNull());
        assertThat(parsed.validated().getContexts()).singleElement().satisfies(c -> assertThat(c.getName()).isEqualTo("c"));
        assertThat(parsed.toString()).doesNotContain("s3cr3t-value");
    }
}
