package dev.kubeatlas.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generated hostile names (jqwik arbitraries): a plausible name with something no Kubernetes name may hold put into
 * it — a separator or URL delimiter plain or percent-encoded, a control or white-space character, a non-ASCII
 * character, a dot segment, a leading or trailing character the API server refuses, or a length past every limit.
 * Every value is refused by every name rule (cluster, namespace, node, object, resource type), so a service must
 * answer a 400 for each wherever a name is taken, and never reach a cluster with it.
 * <p>
 * Property tests take {@link #hostile()} directly; {@code @QuarkusTest} and end-to-end sweeps, which jqwik's engine
 * does not drive, take a reproducible sample: {@link #sample(long, int)}.
 */
public final class HostileNames {

    /** What no name may contain: characters outside {@code [A-Za-z0-9_.:@-]} that an attacker reaches for. */
    static final List<String> POISON = List.of("/", "%2F", "%2f", "%252F", "?", "%3F", "#", "%23", "\\", "%5C", "%",
            "%00", "%0d%0a", "%20", "+", " ", "\t", "{", "}", ";", "&", "=", "'", "\"", "<", ">", "|", "$", "`", "*",
            ",", "!", "[", "]", "^", "~", "(", ")", "/..", "../", "..;/", "${jndi:x}", "$(id)");

    private HostileNames() {
    }

    /** Hostile names, every one refused by every name rule. */
    public static Arbitrary<String> hostile() {
        return Arbitraries.oneOf(injected(), injected(), injected(), edged(), overlong());
    }

    /** A reproducible sample of {@code count} distinct hostile names. */
    public static List<String> sample(long seed, int count) {
        RandomGenerator<String> generator = hostile().generator(1000);
        Random random = new Random(seed);
        Set<String> values = new LinkedHashSet<>();
        for (int tries = 0; values.size() < count && tries < count * 20; tries++) {
            values.add(generator.next(random).value());
        }
        return new ArrayList<>(values);
    }

    /** Plausible names: what the poison is put into. */
    static Arbitrary<String> plain() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMinLength(1).ofMaxLength(20)
                .map(s -> "a" + s + "z");
    }

    /** A plausible name with a poison fragment, a control character or a non-ASCII character inside it. */
    static Arbitrary<String> injected() {
        Arbitrary<String> fragment = Arbitraries.oneOf(
                Arbitraries.of(POISON),
                Arbitraries.chars().range('\u0000', '\u001f').map(String::valueOf),
                Arbitraries.chars().range('\u007f', '\u00ff').map(String::valueOf),
                Arbitraries.chars().range('\u0100', '\ud7ff').map(String::valueOf),
                Arbitraries.chars().range('\ue000', '\ufffd').map(String::valueOf),
                Arbitraries.of("\ud83d\ude00", "\u202e", "\u200b", "\ufeff", "\u2215", "\uff0f", "\u3000"));
        return Combinators.combine(plain(), fragment, plain(), Arbitraries.integers().between(0, 2))
                .as((before, poison, after, where) -> switch (where) {
                    case 0 -> poison + before;
                    case 1 -> before + poison + after;
                    default -> before + poison;
                });
    }

    /** Names that start or end with a character every rule refuses there. */
    static Arbitrary<String> edged() {
        return Combinators.combine(plain(), Arbitraries.of("-", ".", ":", "@"), Arbitraries.of(true, false))
                .as((name, edge, front) -> front ? edge + name : name + edge);
    }

    /** Longer than the longest name any rule allows (253). */
    static Arbitrary<String> overlong() {
        return Arbitraries.integers().between(254, 2048).map("a"::repeat);
    }
}
