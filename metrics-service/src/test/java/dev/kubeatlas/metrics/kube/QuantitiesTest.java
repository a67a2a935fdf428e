package dev.kubeatlas.metrics.kube;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QuantitiesTest {

    @Test
    void cpuIsCountedInMillicores() {
        assertThat(Quantities.millicores("250m")).isEqualTo(250);
        assertThat(Quantities.millicores("2")).isEqualTo(2000);
        assertThat(Quantities.millicores("1.5")).isEqualTo(1500);
        assertThat(Quantities.millicores(new Quantity("7600m"))).isEqualTo(7600);
        assertThat(Quantities.millicores("100000n")).isZero(); // a tenth of a millicore
    }

    @Test
    void everythingElseIsCountedInBaseUnits() {
        assertThat(Quantities.units("1Gi")).isEqualTo(1L << 30);
        assertThat(Quantities.units("480Mi")).isEqualTo(480L << 20);
        assertThat(Quantities.units("129e6")).isEqualTo(129_000_000L);
        assertThat(Quantities.units("1k")).isEqualTo(1000);
        assertThat(Quantities.units("110")).isEqualTo(110);
    }

    @Test
    void missingOrUnreadableQuantitiesCountAsNothing() {
        assertThat(Quantities.units(null)).isZero();
        assertThat(Quantities.millicores(null)).isZero();
        assertThat(Quantities.units("lots")).isZero();
        assertThat(Quantities.amount(null)).isNull();
    }

    @Test
    void percentHasOneDecimalAndNeedsAWhole() {
        assertThat(Quantities.percent(1, 3)).isEqualTo(33.3);
        assertThat(Quantities.percent(7600, 8000)).isEqualTo(95.0);
        assertThat(Quantities.percent(2, 3)).isEqualTo(66.7);
        assertThat(Quantities.percent(5, 0)).isNull();
    }

    @Test
    void gpusAreEveryResourceNamedGpu() {
        assertThat(Quantities.sumGpus(Map.of("nvidia.com/gpu", new Quantity("2"), "amd.com/gpu", new Quantity("1"),
                "cpu", new Quantity("4")))).isEqualTo(3);
        assertThat(Quantities.sumGpus(null)).isZero();
    }
}
