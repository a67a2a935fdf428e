package dev.kubeatlas.ai.service.diagnosis;

import java.math.BigDecimal;
import java.util.Map;

/** Parses Kubernetes resource quantities ({@code 500m}, {@code 2Gi}, {@code 1e3}) to compare them. */
public final class Quantities {

    private static final Map<String, BigDecimal> SUFFIX = Map.ofEntries(
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("", BigDecimal.ONE),
            Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")), Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    private Quantities() {
    }

    /** The quantity's value in base units, or null when it is not a quantity. */
    public static BigDecimal parse(String quantity) {
        if (quantity == null || quantity.isBlank()) {
            return null;
        }
        String q = quantity.strip();
        int i = 0;
        while (i < q.length() && (Character.isDigit(q.charAt(i)) || q.charAt(i) == '.' || q.charAt(i) == '-' || q.charAt(i) == '+')) {
            i++;
        }
        String number = q.substring(0, i);
        String suffix = q.substring(i);
        try {
            if (suffix.startsWith("e") || suffix.startsWith("E") && suffix.length() > 1 && !suffix.equals("Ei")) {
                return new BigDecimal(q);
            }
            BigDecimal factor = SUFFIX.get(suffix);
            return factor == null || number.isEmpty() ? null : new BigDecimal(number).multiply(factor);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** True when {@code used >= hard}; false when either is not a quantity. */
    public static boolean atOrAbove(String used, String hard) {
        BigDecimal u = parse(used);
        BigDecimal h = parse(hard);
        return u != null && h != null && u.compareTo(h) >= 0;
    }
}
