package dev.kubeatlas.support.selector;

import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectorValuesTest {

    @Test
    void equalityAndInTermsPinALabelToValuesOthersPinNothing() {
        assertThat(Selectors.labelValues("app=web, tier==front")).isEqualTo(Map.of("app", Set.of("web"), "tier", Set.of("front")));
        assertThat(Selectors.labelValues("app in (web, api),env notin (dev),tier!=back,team,!gone"))
                .isEqualTo(Map.of("app", Set.of("web", "api")));
        assertThat(Selectors.labelValues("app=")).isEqualTo(Map.of("app", Set.of("")));
        assertThat(Selectors.labelValues(null)).isEmpty();
        assertThat(Selectors.labelValues(" ")).isEmpty();
    }

    @Test
    void aLabelPinnedTwiceKeepsWhatBothTermsAllow() {
        assertThat(Selectors.labelValues("app in (web,api),app=api")).isEqualTo(Map.of("app", Set.of("api")));
        assertThat(Selectors.labelValues("app=web,app=api")).isEqualTo(Map.of("app", Set.of()));
    }

    @Test
    void fieldEqualitiesPinAFieldInequalitiesDoNot() {
        assertThat(Selectors.fieldValues("spec.nodeName=n1,status.phase!=Failed"))
                .isEqualTo(Map.of("spec.nodeName", Set.of("n1")));
        assertThat(Selectors.fieldValues("spec.nodeName==n1,spec.nodeName=n2"))
                .isEqualTo(Map.of("spec.nodeName", Set.of()));
        assertThat(Selectors.fieldValues("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "app===x", "app=web,", ",", "app in web", "app in (a b)", "app notin (a b)", "a b",
            "app=x y", "app=-x", "-app", "app/", "/app", "a/b/c", "app=\u0000", "äpp=x", "app>1", "(app)", "app=(x)",
            "app notin", "=x", "!=x", "app!", "app=x\\y", "app!=-x"})
    void malformedLabelSelectorsAreRefusedHereAsByLabels(String selector) {
        assertThatThrownBy(() -> Selectors.labels(selector)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Selectors.labelValues(selector)).isInstanceOf(ProblemException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nothing", "a=b,", "spec..x=1", "app===x", "app=(x)", "app=x&y=z", "app=%00"})
    void malformedFieldSelectorsAreRefusedHereAsByFields(String selector) {
        assertThatThrownBy(() -> Selectors.fields(selector)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Selectors.fieldValues(selector)).isInstanceOf(ProblemException.class);
    }
}
