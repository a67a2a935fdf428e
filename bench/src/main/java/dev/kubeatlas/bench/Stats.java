package dev.kubeatlas.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Percentiles of measured values, nearest rank: the p-th percentile is the smallest value that at least p % of the
 * values are less than or equal to (p 100 is the largest, p 0 the smallest). Every figure the benchmarks print
 * comes from here.
 */
public final class Stats {

    private final double[] sorted;

    private Stats(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(this.sorted);
    }

    public static Stats of(double... values) {
        return new Stats(values);
    }

    public static Stats of(Collection<? extends Number> values) {
        return new Stats(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    /** Durations in nanoseconds, as milliseconds: the first {@code count} of {@code nanos}. */
    public static Stats millisOfNanos(long[] nanos, int count) {
        double[] ms = new double[count];
        for (int i = 0; i < count; i++) {
            ms[i] = nanos[i] / 1e6;
        }
        return new Stats(ms);
    }

    public int count() {
        return sorted.length;
    }

    public double percentile(double p) {
        if (p < 0 || p > 100 || Double.isNaN(p)) {
            throw new IllegalArgumentException("a percentile is between 0 and 100: " + p);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no values measured");
        }
        int rank = (int) Math.ceil(p * sorted.length / 100.0);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public double median() {
        return percentile(50);
    }

    public double max() {
        return percentile(100);
    }

    public double min() {
        return percentile(0);
    }
}
