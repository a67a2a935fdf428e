package dev.kubeatlas.workload.kube;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;

/** Kubernetes quantities ({@code 500m}, {@code 2Gi}) as amounts in the resource's base unit. */
public final class Quantities {

    /** {@code 2Gi} as bytes, {@code 500m} as 0.5; an IllegalArgumentException or ArithmeticException if malformed. */
    public static BigDecimal amount(String quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity));
    }

    /** As {@link #amount}, parsing the amount and its format apart first (as the API server writes them). */
    public static BigDecimal parsedAmount(String quantity) {
        return Quantity.getAmountInBytes(Quantity.parse(quantity));
    }

    private Quantities() {
    }
}
