package dev.kubeatlas.support.names;

import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeNamesTest {

    /** What an attacker puts into a name: dot segments, encoded and plain separators, control and foreign characters. */
    public static List<String> hostile() {
        List<String> values = new ArrayList<>(List.of("..", ".", "../..", "..%2F..%2Fsecrets", "../../secrets", "a/b",
                "a%2Fb", "default/secrets?", "default%2Fsecrets%3F", "#", "%23", "x?y", "x#y", "web:80/proxy/",
                "web/log", "a\u0000b", "%00", "a\rb", "a\nb", "a b", " a", "a ", "a\\b", "a\tb", "ä", "名前", "a\u202eb",
                "a{}", "{x}", "a;b", "a&b", "a=b", "a'b", "a\"b", "a<b>", "-a", "a-", "", "A".repeat(254),
                "a".repeat(254), "a..b", "a/../b", "%2e%2e", "%252F", "a%", "a+b", "a*b", "a|b", "a$b", "~a", "a,b",
                "\u00a0", "a\u2028b", "a\u0085b", "\ud83d\ude00"));
        return values;
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileValuesAreNoObjectName(String value) {
        assertThatThrownBy(() -> KubeNames.object(value)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> KubeNames.namespace(value)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> KubeNames.cluster(value)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> KubeNames.node(value)).isInstanceOf(ProblemException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "web-1", "shop.example.com", "system:controller:job-controller", "a", "0", "kube-system"})
    void ordinaryNamesPass(String value) {
        assertThat(KubeNames.object(value)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pods", "po", "Deployment", "deployments.apps", "deployments.v1.apps", "crontabs.stable.example.com"})
    void typesAsKubectlAcceptsThemPass(String value) {
        assertThat(KubeNames.type(value)).isEqualTo(value);
    }

    @Test
    void namespacesAndClustersAreLabels() {
        assertThat(KubeNames.namespace("shop")).isEqualTo("shop");
        assertThatThrownBy(() -> KubeNames.namespace("shop.eu")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> KubeNames.cluster("a".repeat(64))).isInstanceOf(ProblemException.class);
        assertThat(KubeNames.optionalNamespace("")).isNull();
    }

    @Test
    void segmentsAreEncoded() {
        assertThat(KubeNames.segment("a/b?c#d e")).isEqualTo("a%2Fb%3Fc%23d%20e");
        assertThat(KubeNames.segment("web")).isEqualTo("web");
    }

    @Test
    void theRefusalDoesNotEchoTheValue() {
        assertThatThrownBy(() -> KubeNames.object("hunter2 secret")).hasMessageNotContaining("hunter2");
    }
}
