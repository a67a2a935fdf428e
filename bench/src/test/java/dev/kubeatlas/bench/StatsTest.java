package dev.kubeatlas.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatsTest {

    /** 1..100 in a shuffled order: the p-th percentile by nearest rank is p itself. */
    private static Stats oneToHundred() {
        return Stats.of(IntStream.rangeClosed(1, 100).map(i -> (i * 37) % 100 + 1).asDoubleStream().toArray());
    }

    @Test
    void nearestRankOfOneToHundred() {
        Stats s = oneToHundred();
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.percentile(50)).isEqualTo(50);
        assertThat(s.percentile(95)).isEqualTo(95);
        assertThat(s.percentile(99)).isEqualTo(99);
        assertThat(s.percentile(99.5)).isEqualTo(100);
        assertThat(s.max()).isEqualTo(100);
        assertThat(s.min()).isEqualTo(1);
    }

    @Test
    void nearestRankRoundsUpBetweenValues() {
        Stats s = Stats.of(List.of(40.0, 10.0, 30.0, 20.0));
        assertThat(s.percentile(50)).isEqualTo(20);   // rank 2 of 4
        assertThat(s.percentile(51)).isEqualTo(30);   // rank ceil(2.04) = 3
        assertThat(s.percentile(25)).isEqualTo(10);
        assertThat(s.percentile(26)).isEqualTo(20);
        assertThat(s.percentile(99)).isEqualTo(40);
    }

    @Test
    void theSameAsTheLauncherOnceComputedForTwoHundredQueries() {
        // awk: i = int((NR * p + 99) / 100), the i-th smallest
        double[] values = IntStream.range(0, 200).mapToDouble(i -> 200 - i).toArray();
        Stats s = Stats.of(values);
        assertThat(s.percentile(95)).isEqualTo(190);
        assertThat(s.percentile(50)).isEqualTo(100);
    }

    @Test
    void singleValueIsEveryPercentile() {
        Stats s = Stats.of(7.5);
        assertThat(s.percentile(0)).isEqualTo(7.5);
        assertThat(s.percentile(50)).isEqualTo(7.5);
        assertThat(s.percentile(100)).isEqualTo(7.5);
    }

    @Test
    void nanosecondsBecomeMillisecondsAndOnlyTheCountedOnesCount() {
        Stats s = Stats.millisOfNanos(new long[] {3_000_000, 1_500_000, 2_000_000, 999_000_000}, 3);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.max()).isEqualTo(3.0);
        assertThat(s.median()).isEqualTo(2.0);
    }

    @Test
    void theInputIsNotChanged() {
        double[] values = {3, 1, 2};
        Stats.of(values);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void noValuesHaveNoPercentile() {
        assertThat(Stats.of().count()).isZero();
        assertThatThrownBy(() -> Stats.of().percentile(50)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void percentileOutsideZeroToHundredIsRefused() {
        assertThatThrownBy(() -> oneToHundred().percentile(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> oneToHundred().percentile(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
