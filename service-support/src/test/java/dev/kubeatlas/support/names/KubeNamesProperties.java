package dev.kubeatlas.support.names;

import dev.kubeatlas.support.problem.ProblemException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Properties of the name rules that guard every Kubernetes URL, over generated names: a hostile name is refused by
 * every rule with a 400 that does not echo it; a valid DNS-1123 name passes every rule; any value becomes a URL
 * segment that holds no delimiter and decodes back to the value.
 */
class KubeNamesProperties {

    private static final List<Function<String, String>> RULES = List.of(KubeNames::cluster, KubeNames::namespace,
            KubeNames::node, KubeNames::object, KubeNames::type, v -> KubeNames.subdomain("container", v));

    @Property(tries = 3000)
    void everyRuleRefusesAHostileNameWithA400ThatDoesNotEchoIt(@ForAll("hostile") String name) {
        for (Function<String, String> rule : RULES) {
            assertThatThrownBy(() -> rule.apply(name))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage() == null ? "" : e.getMessage()).doesNotContain(name);
                    });
        }
    }

    @Property(tries = 2000)
    void everyRuleAcceptsAValidLabel(@ForAll("labels") String name) {
        for (Function<String, String> rule : RULES) {
            assertThat(rule.apply(name)).isEqualTo(name);
        }
        assertThat(KubeNames.segment(name)).isEqualTo(name);
    }

    @Property(tries = 3000)
    void aSegmentHoldsNoDelimiterAndDecodesToTheValue(@ForAll String value) {
        String segment = KubeNames.segment(value);
        assertThat(segment).doesNotContain("/", "?", "#", " ", "\\", "\r", "\n", "\u0000");
        assertThat(segment).matches("[A-Za-z0-9._~*%-]*");
        assertThat(URLDecoder.decode(segment, StandardCharsets.UTF_8)).isEqualTo(value);
    }

    @Provide
    Arbitrary<String> hostile() {
        return dev.kubeatlas.testing.HostileNames.hostile();
    }

    @Provide
    Arbitrary<String> labels() {
        Arbitrary<String> inner = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-')
                .ofMinLength(0).ofMaxLength(61);
        return inner.map(s -> "a" + s + "0");
    }
}
