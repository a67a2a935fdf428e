package dev.kubeatlas.history.service.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Unified diffs of two texts, line by line, with Myers' O((N+M)·D) algorithm: fast when two versions differ in a
 * few places, whatever their length. Three lines of context per hunk, as {@code diff -u}.
 */
public final class LineDiff {

    static final int CONTEXT = 3;

    enum Op { KEEP, DELETE, INSERT }

    record Edit(Op op, String line) {
    }

    public static String unified(String fromName, String from, String toName, String to) {
        List<String> a = lines(from);
        List<String> b = lines(to);
        List<Edit> edits = edits(a, b);
        if (edits.stream().allMatch(e -> e.op() == Op.KEEP)) {
            return "";
        }
        StringBuilder out = new StringBuilder("--- ").append(fromName).append('\n').append("+++ ").append(toName).append('\n');
        int i = 0;
        int aLine = 1;
        int bLine = 1;
        while (i < edits.size()) {
            if (edits.get(i).op() == Op.KEEP) {
                i++;
                aLine++;
                bLine++;
                continue;
            }
            // a hunk: back up CONTEXT lines, run until CONTEXT*2 unchanged lines follow
            int start = Math.max(0, i - CONTEXT);
            int hunkA = aLine - (i - start);
            int hunkB = bLine - (i - start);
            int end = i;
            int quiet = 0;
            while (end < edits.size() && quiet <= CONTEXT * 2) {
                quiet = edits.get(end).op() == Op.KEEP ? quiet + 1 : 0;
                end++;
            }
            end = Math.min(edits.size(), end - Math.max(0, quiet - CONTEXT));
            int countA = 0;
            int countB = 0;
            StringBuilder body = new StringBuilder();
            for (int k = start; k < end; k++) {
                Edit e = edits.get(k);
                switch (e.op()) {
                    case KEEP -> {
                        body.append(' ').append(e.line()).append('\n');
                        countA++;
                        countB++;
                    }
                    case DELETE -> {
                        body.append('-').append(e.line()).append('\n');
                        countA++;
                    }
                    case INSERT -> {
                        body.append('+').append(e.line()).append('\n');
                        countB++;
                    }
                }
            }
            out.append("@@ -").append(hunkA).append(',').append(countA).append(" +").append(hunkB).append(',').append(countB)
                    .append(" @@\n").append(body);
            for (int k = i; k < end; k++) {
                if (edits.get(k).op() != Op.INSERT) {
                    aLine++;
                }
                if (edits.get(k).op() != Op.DELETE) {
                    bLine++;
                }
            }
            i = end;
        }
        return out.toString();
    }

    static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String[] parts = text.split("\n", -1);
        return Arrays.asList(parts).subList(0, text.endsWith("\n") ? parts.length - 1 : parts.length);
    }

    /** The shortest edit script from a to b. */
    static List<Edit> edits(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        int found = -1;
        for (int d = 0; d <= max; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    found = d;
                    break;
                }
            }
            if (found >= 0) {
                break;
            }
        }
        List<Edit> edits = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = found; d > 0; d--) {
            int[] vd = trace.get(d);
            int k = x - y;
            int prevK = k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
            int prevX = vd[offset + prevK];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                edits.add(new Edit(Op.KEEP, a.get(x - 1)));
                x--;
                y--;
            }
            if (x == prevX) {
                edits.add(new Edit(Op.INSERT, b.get(y - 1)));
                y--;
            } else {
                edits.add(new Edit(Op.DELETE, a.get(x - 1)));
                x--;
            }
        }
        while (x > 0 && y > 0) {
            edits.add(new Edit(Op.KEEP, a.get(x - 1)));
            x--;
            y--;
        }
        Collections.reverse(edits);
        return edits;
    }

    private LineDiff() {
    }
}
