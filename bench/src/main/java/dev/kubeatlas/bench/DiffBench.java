package dev.kubeatlas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.history.service.diff.FieldDiff;
import dev.kubeatlas.history.service.diff.LineDiff;
import dev.kubeatlas.history.service.diff.StoredManifest;

import java.util.ArrayList;
import java.util.List;

/**
 * The diff of two versions of a 5,000-line manifest as the history API computes it: both rendered as YAML with
 * sorted keys, then a unified diff (Myers) — and the field-level diff of the same pair, with yaml-history-service's
 * own classes. Prints p50/p99/max.
 */
final class DiffBench {

    static void run(int lines, int changed, int runs) {
        JsonNode from = manifest(lines, -1, 0);
        JsonNode to = manifest(lines, lines / 2 / Math.max(1, changed), 1);
        int yamlLines = StoredManifest.yaml(from).split("\n").length;
        for (int i = 0; i < 100; i++) {
            unified(from, to);
            FieldDiff.between(from, to);
        }
        List<Double> text = new ArrayList<>();
        List<Double> fields = new ArrayList<>();
        int hunkLines = 0;
        int changes = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            hunkLines = unified(from, to).split("\n").length;
            long t1 = System.nanoTime();
            changes = FieldDiff.between(from, to).size();
            long t2 = System.nanoTime();
            text.add((t1 - t0) / 1e6);
            fields.add((t2 - t1) / 1e6);
        }
        lines(yamlLines, changed, Stats.of(text), hunkLines, Stats.of(fields), changes).forEach(Out::line);
    }

    static List<String> lines(int yamlLines, int changed, Stats text, int hunkLines, Stats fields, int changes) {
        return List.of(
                Out.f("Diff of two %,d-line manifests (%d values changed), %d runs after warm-up:", yamlLines, changed,
                        text.count()),
                Out.f("  unified (YAML of both + Myers): p50 %.1f ms   p99 %.1f ms   max %.1f ms   (target < 50 ms; %d lines out)",
                        text.percentile(50), text.percentile(99), text.max(), hunkLines),
                Out.f("  field-level:                    p50 %.1f ms   p99 %.1f ms   max %.1f ms   (%d changes)",
                        fields.percentile(50), fields.percentile(99), fields.max(), changes));
    }

    static String unified(JsonNode from, JsonNode to) {
        return LineDiff.unified("v1", StoredManifest.yaml(FieldDiff.withoutVolatile(from)), "v2",
                StoredManifest.yaml(FieldDiff.withoutVolatile(to)));
    }

    /** A Deployment whose containers carry env entries, about four YAML lines each; every {@code every}th changed. */
    static JsonNode manifest(int lines, int every, int variant) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        root.putObject("metadata").put("name", "big").put("namespace", "bench");
        ArrayNode containers = root.putObject("spec").putObject("template").putObject("spec").putArray("containers");
        int perContainer = 200;
        int entries = lines / 2;
        for (int c = 0; c * perContainer < entries; c++) {
            ObjectNode container = containers.addObject().put("name", "c" + c).put("image", "registry.example.com/app:" + c);
            ArrayNode env = container.putArray("env");
            for (int e = c * perContainer; e < Math.min(entries, (c + 1) * perContainer); e++) {
                boolean change = every > 0 && e % every == every / 2;
                env.addObject().put("name", "SETTING_" + e).put("value", "value-" + e + (change ? "-v" + variant : ""));
            }
        }
        return root;
    }

    private DiffBench() {
    }
}
