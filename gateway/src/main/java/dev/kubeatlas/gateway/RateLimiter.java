package dev.kubeatlas.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller, kept as the time its bucket is full again (the generic cell rate algorithm, in whole
 * nanoseconds): {@code burst} requests pass at once, then one per {@code 1 / requestsPerSecond}. Callers whose bucket
 * is full again hold nothing worth keeping and are dropped by {@link #evictIdle()}.
 */
final class RateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long interval;
    private final long tolerance;
    private final LongSupplier nanoClock;
    private final Map<String, long[]> fullAt = new ConcurrentHashMap<>();

    RateLimiter(double requestsPerSecond, int burst, LongSupplier nanoClock) {
        if (!(requestsPerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("A rate limit needs requests-per-second > 0 and burst >= 1");
        }
        this.interval = Math.max(1, Math.round(NANOS_PER_SECOND / requestsPerSecond));
        this.tolerance = interval * (burst - 1);
        this.nanoClock = nanoClock;
    }

    /** Takes one request from the caller's bucket: 0 when it may go on, else the whole seconds until it may retry. */
    long acquire(String caller) {
        long now = nanoClock.getAsLong();
        long[] cell = fullAt.computeIfAbsent(caller, key -> new long[] {now});
        synchronized (cell) {
            long full = Math.max(cell[0], now);
            long wait = full - now - tolerance;
            if (wait > 0) {
                return (wait + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
            }
            cell[0] = full + interval;
            return 0;
        }
    }

    void evictIdle() {
        long now = nanoClock.getAsLong();
        fullAt.values().removeIf(cell -> {
            synchronized (cell) {
                return cell[0] <= now;
            }
        });
    }

    int callers() {
        return fullAt.size();
    }
}
