package dev.kubeatlas.workload.service.insight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.workload.kube.KubeObject;
import dev.kubeatlas.workload.kube.Manifests;
import dev.kubeatlas.workload.kube.Quantities;
import dev.kubeatlas.workload.service.ResourceService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much of its ResourceQuotas each namespace uses: per quota and resource, used, hard and percent, flagged
 * {@code warning} at 80 % and {@code exceeded} at 100 %. Used figures come from the quota's status, which the
 * API server's quota controller keeps.
 */
@ApplicationScoped
public class QuotaUsage {

    static final double WARNING = 80;
    static final double EXCEEDED = 100;

    private final ResourceService resources;

    public QuotaUsage(ResourceService resources) {
        this.resources = resources;
    }

    public record Line(String resource, String used, String hard, Double percent, String level) {
    }

    public record Quota(String name, String namespace, List<Line> resources, Double maxPercent, String level) {
    }

    public record NamespaceUsage(String namespace, List<Quota> quotas, Double maxPercent, String level,
                                 List<Map<String, Object>> limitRanges) {
    }

    public Uni<NamespaceUsage> namespace(String cluster, String namespace) {
        Uni<ResourceService.Listing> quotas = resources.list(cluster, "resourcequotas", namespace, null, null, null, null);
        Uni<ResourceService.Listing> limits = resources.list(cluster, "limitranges", namespace, null, null, null, null);
        return Uni.combine().all().unis(quotas, limits).asTuple().map(t -> {
            List<Quota> list = t.getItem1().items().stream().map(QuotaUsage::quota).toList();
            double max = list.stream().map(Quota::maxPercent).filter(p -> p != null).mapToDouble(Double::doubleValue).max().orElse(0);
            List<Map<String, Object>> limitRanges = t.getItem2().items().stream()
                    .map(o -> Map.<String, Object>of("name", o.name(),
                            "limits", Manifests.toNode(o).path("spec").path("limits")))
                    .toList();
            return new NamespaceUsage(namespace, list, list.isEmpty() ? null : round(max), level(max), limitRanges);
        });
    }

    /** Every namespace with a quota, nearest its limits first. */
    public Uni<List<Quota>> cluster(String cluster, int limit) {
        return resources.list(cluster, "resourcequotas", null, null, null, null, null)
                .map(listing -> listing.items().stream().map(QuotaUsage::quota)
                        .sorted(Comparator.comparing((Quota q) -> q.maxPercent() == null ? -1 : q.maxPercent()).reversed())
                        .limit(limit)
                        .toList());
    }

    static Quota quota(KubeObject quota) {
        JsonNode node = Manifests.toNode(quota);
        JsonNode hard = node.path("status").path("hard");
        if (hard.isMissingNode() || hard.isEmpty()) {
            hard = node.path("spec").path("hard");
        }
        JsonNode used = node.path("status").path("used");
        List<Line> lines = new ArrayList<>();
        Map<String, JsonNode> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = hard.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), e.getValue());
        }
        double max = -1;
        for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
            String usedValue = used.has(e.getKey()) ? used.get(e.getKey()).asText() : null;
            Double percent = percent(usedValue, e.getValue().asText());
            if (percent != null) {
                max = Math.max(max, percent);
            }
            lines.add(new Line(e.getKey(), usedValue, e.getValue().asText(), percent, percent == null ? "unknown" : level(percent)));
        }
        return new Quota(quota.name(), quota.namespace(), lines,
                max < 0 ? null : round(max), max < 0 ? "unknown" : level(max));
    }

    static Double percent(String used, String hard) {
        if (used == null) {
            return null;
        }
        try {
            BigDecimal h = Quantities.amount(hard);
            BigDecimal u = Quantities.amount(used);
            if (h.signum() == 0) {
                return u.signum() == 0 ? 0.0 : 100.0;
            }
            return round(u.multiply(BigDecimal.valueOf(100)).divide(h, 4, RoundingMode.HALF_UP).doubleValue());
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
    }

    static String level(double percent) {
        return percent >= EXCEEDED ? "exceeded" : percent >= WARNING ? "warning" : "ok";
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
