package dev.kubeatlas.support.selector;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectorsTest {

    static final Map<String, String> WEB = Map.of("app", "web", "tier", "front", "example.com/team", "shop");

    @Test
    void equalitySetAndExistenceTermsMatchAsTheApiServerDoes() {
        assertThat(Selectors.labels("app=web").test(WEB)).isTrue();
        assertThat(Selectors.labels("app==web,tier=front").test(WEB)).isTrue();
        assertThat(Selectors.labels("app!=web").test(WEB)).isFalse();
        assertThat(Selectors.labels("app in (web, api)").test(WEB)).isTrue();
        assertThat(Selectors.labels("app notin (web)").test(WEB)).isFalse();
        assertThat(Selectors.labels("tier").test(WEB)).isTrue();
        assertThat(Selectors.labels("!tier").test(WEB)).isFalse();
        assertThat(Selectors.labels("example.com/team=shop").test(WEB)).isTrue();
        assertThat(Selectors.labels("app=").test(Map.of("app", ""))).isTrue();
        assertThat(Selectors.labels("missing!=x").test(WEB)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "app===x", "app=web,", ",", "app in web", "app in (a b)", "a b", "app=x y",
            "app=-x", "-app", "app/", "/app", "a/b/c", "app=\u0000", "äpp=x", "app>1", "(app)", "app=(x)",
            "app notin", "=x", "!=x", "app!", "app=x\\y"})
    void malformedLabelSelectorsAreRefusedNotReadAsMatchAll(String selector) {
        assertThatThrownBy(() -> Selectors.labels(selector)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400));
    }

    @Test
    void fieldSelectorsAreLimitedToTheFieldsGiven() throws Exception {
        var pod = new ObjectMapper().readTree("{\"metadata\":{\"name\":\"web-1\"},\"spec\":{\"nodeName\":\"n1\"}}");
        Set<String> supported = Set.of("metadata.name", "spec.nodeName");
        assertThat(Selectors.fields("spec.nodeName=n1", supported).test(pod)).isTrue();
        assertThat(Selectors.fields("metadata.name!=web-1", supported).test(pod)).isFalse();
        assertThatThrownBy(() -> Selectors.fields("spec.hostname=x", supported))
                .isInstanceOf(ProblemException.class).hasMessageContaining("not supported");
        assertThatThrownBy(() -> Selectors.fields("spec..x=1", null)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Selectors.fields("nothing", null)).isInstanceOf(ProblemException.class);
        for (String malformed : new String[]{"app===x", "app=(x)", "app=x\\y", "app=x&y=z", "app=x#", "app=%00", "a=b,"}) {
            assertThatThrownBy(() -> Selectors.fields(malformed, null)).as(malformed).isInstanceOf(ProblemException.class);
        }
        assertThat(Selectors.fields("type=kubernetes.io/tls,status.podIP=10.0.0.1", null).test(pod)).isFalse();
    }
}
