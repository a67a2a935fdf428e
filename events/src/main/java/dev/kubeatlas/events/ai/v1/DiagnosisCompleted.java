package dev.kubeatlas.events.ai.v1;

import java.util.List;

/**
 * The AI finished a diagnosis.
 *
 * @param subject the object diagnosed, e.g. {@code pod/shop/cart-7d9f}
 * @param trigger what asked for it: {@code user}, {@code alert:<id>}, {@code health:<cluster>}
 */
public record DiagnosisCompleted(
        String diagnosisId,
        String cluster,
        String subject,
        String trigger,
        String severity,
        String summary,
        String rootCause,
        List<String> recommendations,
        String model) {
}
