package dev.kubeatlas.metrics.kube;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.util.Map;

/** Kubernetes quantities as numbers: CPU in millicores, everything else in base units (bytes, pods, devices). */
final class Quantities {

    static long millicores(Object quantity) {
        BigDecimal cores = amount(quantity);
        return cores == null ? 0 : cores.multiply(BigDecimal.valueOf(1000)).longValue();
    }

    static long units(Object quantity) {
        BigDecimal value = amount(quantity);
        return value == null ? 0 : value.longValue();
    }

    static BigDecimal amount(Object quantity) {
        if (quantity == null) {
            return null;
        }
        try {
            return Quantity.getAmountInBytes(new Quantity(quantity.toString()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Percent of {@code part} in {@code whole}, one decimal; null when there is no whole. */
    static Double percent(long part, long whole) {
        return whole <= 0 ? null : Math.round(part * 1000.0 / whole) / 10.0;
    }

    static long sumGpus(Map<String, ?> resources) {
        return resources == null ? 0 : resources.entrySet().stream().filter(e -> e.getKey().contains("gpu"))
                .mapToLong(e -> units(e.getValue())).sum();
    }

    private Quantities() {
    }
}
