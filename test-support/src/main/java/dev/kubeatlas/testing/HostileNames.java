package dev.kubeatlas.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generated hostile names: a plausible name with something no Kubernetes name may hold put into it — a separator or
 * URL delimiter plain or percent-encoded, a control or white-space character, a non-ASCII character, a dot segment
 * with a separator, a leading or trailing character the API server refuses, or a length past every limit. Every value
 * is refused by every name rule (cluster, namespace, node, object, resource type), so a service must answer a 400 for
 * each wherever a name is taken, and never reach a cluster with it.
 * <p>
 * Generation is seeded: a property test or a sweep prints its seed, and the same seed gives the same names again.
 */
public final class HostileNames {

    /** What no name may contain: characters outside {@code [A-Za-z0-9_.:@-]} that an attacker reaches for. */
    static final List<String> POISON = List.of("/", "%2F", "%2f", "%252F", "?", "%3F", "#", "%23", "\\", "%5C", "%",
            "%00", "%0d%0a", "%20", "+", " ", "\t", "{", "}", ";", "&", "=", "'", "\"", "<", ">", "|", "$", "`", "*",
            ",", "!", "[", "]", "^", "~", "(", ")", "/..", "../", "..;/", "${jndi:x}", "$(id)",
            "\ud83d\ude00", "\u202e", "\u200b", "\ufeff", "\u2215", "\uff0f", "\u3000", "\u00a0", "\u0085");

    /** What the edge of every name must not be. */
    static final List<String> EDGES = List.of("-", ".", ":", "@");

    private final Random random;

    public HostileNames(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} distinct hostile names from {@code seed}. */
    public static List<String> sample(long seed, int count) {
        HostileNames names = new HostileNames(seed);
        Set<String> values = new LinkedHashSet<>();
        for (int tries = 0; values.size() < count && tries < count * 20; tries++) {
            values.add(names.next());
        }
        return new ArrayList<>(values);
    }

    /** The next hostile name. */
    public String next() {
        return switch (random.nextInt(10)) {
            case 0, 1 -> edged();
            case 2 -> "a".repeat(254 + random.nextInt(1800));
            default -> injected();
        };
    }

    /** The next plausible name: lower-case letters, digits and '-', starting and ending with a letter. */
    public String plain() {
        StringBuilder name = new StringBuilder("a");
        int length = random.nextInt(20);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
        for (int i = 0; i < length; i++) {
            name.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return name.append('z').toString();
    }

    private String injected() {
        String fragment = switch (random.nextInt(5)) {
            case 0, 1 -> POISON.get(random.nextInt(POISON.size()));
            case 2 -> String.valueOf((char) random.nextInt(0x20));                     // control characters
            case 3 -> String.valueOf((char) (0x7f + random.nextInt(0x81)));             // DEL and Latin-1
            default -> String.valueOf((char) (0x100 + random.nextInt(0xd800 - 0x100))); // beyond Latin-1
        };
        return switch (random.nextInt(3)) {
            case 0 -> fragment + plain();
            case 1 -> plain() + fragment + plain();
            default -> plain() + fragment;
        };
    }

    private String edged() {
        String edge = EDGES.get(random.nextInt(EDGES.size()));
        return random.nextBoolean() ? edge + plain() : plain() + edge;
    }
}
