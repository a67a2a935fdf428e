package dev.kubeatlas.support.names;

import dev.kubeatlas.support.problem.ProblemException;
import dev.kubeatlas.testing.HostileNames;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Properties of the name rules that guard every Kubernetes URL, checked over thousands of generated names (a new
 * seed each run, printed with every failure, {@code -Dkubeatlas.seed=N} repeats it): a hostile name is refused by
 * every rule with a 400 that does not echo it; a valid DNS-1123 label passes every rule unchanged; any value becomes
 * a URL segment that holds no delimiter and decodes back to the value.
 */
class KubeNamesProperties {

    private static final int TRIES = 5000;
    private static final long SEED = Long.getLong("kubeatlas.seed", new Random().nextLong());

    private static final List<Function<String, String>> RULES = List.of(KubeNames::cluster, KubeNames::namespace,
            KubeNames::node, KubeNames::object, KubeNames::type, v -> KubeNames.subdomain("container", v));

    @Test
    void everyRuleRefusesAHostileNameWithA400ThatDoesNotEchoIt() {
        HostileNames names = new HostileNames(SEED);
        for (int i = 0; i < TRIES; i++) {
            String name = names.next();
            for (Function<String, String> rule : RULES) {
                assertThatThrownBy(() -> rule.apply(name)).as("seed %d, name %s", SEED, printable(name))
                        .isInstanceOfSatisfying(ProblemException.class, e -> {
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(String.valueOf(e.getMessage())).doesNotContain(name);
                        });
            }
        }
    }

    @Test
    void everyRuleAcceptsAValidLabelUnchanged() {
        HostileNames names = new HostileNames(SEED);
        for (int i = 0; i < TRIES; i++) {
            String name = names.plain();
            for (Function<String, String> rule : RULES) {
                assertThat(rule.apply(name)).as("seed %d", SEED).isEqualTo(name);
            }
            assertThat(KubeNames.segment(name)).isEqualTo(name);
        }
    }

    @Test
    void aSegmentHoldsNoDelimiterAndDecodesToTheValue() {
        Random random = new Random(SEED);
        HostileNames names = new HostileNames(SEED);
        for (int i = 0; i < TRIES; i++) {
            String value = random.nextBoolean() ? names.next() : anyString(random);
            String segment = KubeNames.segment(value);
            assertThat(segment).as("seed %d, value %s", SEED, printable(value)).matches("[A-Za-z0-9._~*%-]*");
            assertThat(URLDecoder.decode(segment, StandardCharsets.UTF_8)).as("seed %d", SEED).isEqualTo(value);
        }
    }

    /** Any string of well-formed UTF-16 (no lone surrogates, which no URL can carry). */
    private static String anyString(Random random) {
        StringBuilder value = new StringBuilder();
        int length = random.nextInt(40);
        while (value.length() < length) {
            int codePoint = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(0x10ffff);
            if (codePoint < 0xd800 || codePoint > 0xdfff) {
                value.appendCodePoint(codePoint);
            }
        }
        return value.toString();
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(80).forEach(c -> out.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u%04x", c)));
        return out.toString();
    }
}
