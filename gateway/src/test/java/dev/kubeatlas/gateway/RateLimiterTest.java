package dev.kubeatlas.gateway;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {

    static final long SECOND = 1_000_000_000L;

    final AtomicLong clock = new AtomicLong(42 * SECOND);
    final RateLimiter limiter = new RateLimiter(2, 4, clock::get);

    @Test
    void aBurstPassesThenTheCallerWaitsForTheRefill() {
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("alice")).isZero();
        }
        assertThat(limiter.acquire("alice")).isEqualTo(1);
        clock.addAndGet(SECOND / 2);
        assertThat(limiter.acquire("alice")).isZero();
        assertThat(limiter.acquire("alice")).isEqualTo(1);
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheNextRequest() {
        RateLimiter slow = new RateLimiter(0.1, 1, clock::get);
        assertThat(slow.acquire("alice")).isZero();
        assertThat(slow.acquire("alice")).isEqualTo(10);
        clock.addAndGet(4 * SECOND);
        assertThat(slow.acquire("alice")).isEqualTo(6);
    }

    @Test
    void eachCallerHasItsOwnBucket() {
        for (int i = 0; i < 4; i++) {
            limiter.acquire("alice");
        }
        assertThat(limiter.acquire("alice")).isPositive();
        assertThat(limiter.acquire("bob")).isZero();
    }

    @Test
    void idleBucketsAreDroppedOnceFull() {
        limiter.acquire("alice");
        limiter.acquire("bob");
        limiter.acquire("bob");
        limiter.acquire("bob");
        clock.addAndGet(SECOND);
        limiter.evictIdle();
        assertThat(limiter.callers()).isEqualTo(1);
        clock.addAndGet(SECOND);
        limiter.evictIdle();
        assertThat(limiter.callers()).isZero();
    }

    @Test
    void aLimitThatAdmitsNothingIsRefused() {
        assertThatThrownBy(() -> new RateLimiter(0, 10, clock::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(5, 0, clock::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
