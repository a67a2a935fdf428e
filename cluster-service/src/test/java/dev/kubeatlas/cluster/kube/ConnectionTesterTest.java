package dev.kubeatlas.cluster.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;

/** The reasons a connection test gives, and when a node counts as ready. */
class ConnectionTesterTest {

    @Test
    void anAnswerOfTheServerIsNamedByItsStatusOnly() {
        assertThat(ConnectionTester.describe(new KubernetesClientException("secret body", 401, null))).contains("401");
        assertThat(ConnectionTester.describe(new KubernetesClientException("secret body", 403, null))).contains("403");
        assertThat(ConnectionTester.describe(new KubernetesClientException("<html>secret body", 502, null)))
                .contains("HTTP 502").doesNotContain("secret");
    }

    @Test
    void aFailureToConnectIsNamedByItsCause() {
        assertThat(ConnectionTester.describe(failure(new ConnectException("refused")))).contains("connection refused");
        assertThat(ConnectionTester.describe(failure(new UnknownHostException("x")))).contains("does not resolve");
        assertThat(ConnectionTester.describe(failure(new SocketTimeoutException()))).contains("in time");
        assertThat(ConnectionTester.describe(failure(new SSLHandshakeException("bad cert")))).contains("TLS");
        assertThat(ConnectionTester.describe(failure(new IllegalStateException("?"))))
                .isEqualTo(ConnectionTester.UNREACHABLE);
    }

    @Test
    void aNodeIsReadyOnlyWithReadyTrue() {
        assertThat(ConnectionTester.ready(node("True"))).isTrue();
        assertThat(ConnectionTester.ready(node("False"))).isFalse();
        assertThat(ConnectionTester.ready(node("Unknown"))).isFalse();
        assertThat(ConnectionTester.ready(new NodeBuilder().withNewMetadata().withName("bare").endMetadata().build()))
                .isFalse();
    }

    private static KubernetesClientException failure(Throwable cause) {
        return new KubernetesClientException("failed", new RuntimeException(cause));
    }

    private static Node node(String ready) {
        return new NodeBuilder().withNewMetadata().withName("n").endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus().build();
    }
}
