package dev.kubeatlas.history.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.history.service.diff.FieldDiff;
import dev.kubeatlas.history.service.diff.LineDiff;
import dev.kubeatlas.history.service.diff.StoredManifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The diff of two versions of a 5,000-line manifest as the history API computes it: both rendered as YAML with
 * sorted keys, then a unified diff (Myers) — and the field-level diff of the same pair. Prints p50/p99/max.
 *
 * <pre>DiffBench [LINES] [CHANGED] [RUNS]</pre>
 */
public final class DiffBench {

    public static void main(String[] args) {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int changed = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 300;
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
        Collections.sort(text);
        Collections.sort(fields);
        System.out.printf("Diff of two %,d-line manifests (%d values changed), %d runs after warm-up:%n", yamlLines,
                changed, runs);
        System.out.printf("  unified (YAML of both + Myers): p50 %.1f ms   p99 %.1f ms   max %.1f ms   (target < 50 ms; %d lines out)%n",
                pct(text, 50), pct(text, 99), pct(text, 100), hunkLines);
        System.out.printf("  field-level:                    p50 %.1f ms   p99 %.1f ms   max %.1f ms   (%d changes)%n",
                pct(fields, 50), pct(fields, 99), pct(fields, 100), changes);
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

    static double pct(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private DiffBench() {
    }
}
