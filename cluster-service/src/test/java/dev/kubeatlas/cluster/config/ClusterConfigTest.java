package dev.kubeatlas.cluster.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The one configuration mapping of the service: its defaults, and the property names the launcher sets. */
class ClusterConfigTest {

    private static ClusterConfig read(Map<String, String> properties) {
        // durations as Quarkus reads them ("5s", "24h")
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ClusterConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(ClusterConfig.class);
    }

    @Test
    void everySettingHasADefault() {
        ClusterConfig c = read(Map.of());
        assertThat(c.maxKubeconfigBytes()).isEqualTo(1048576);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.allowLoopback()).isFalse();
        assertThat(c.execAllowlist()).isEmpty();
        assertThat(c.platformPorts()).contains(8080, 8081, 8180, 9092, 5432);
        assertThat(c.encryption().activeKeyId()).isEqualTo("k1");
        assertThat(c.encryption().key()).isEmpty();
        assertThat(c.encryption().keys()).isEmpty();
        assertThat(c.health().enabled()).isTrue();
        assertThat(c.health().defaultInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.health().tick()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.health().parallelism()).isEqualTo(8);
        assertThat(c.health().retention()).isEqualTo(Duration.ofHours(24));
        assertThat(c.local().enabled()).isFalse();
        assertThat(c.local().name()).isEqualTo("local");
        assertThat(c.local().refresh()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void thePropertyNamesTheLauncherAndTestsSetAreRead() {
        ClusterConfig c = read(Map.ofEntries(
                Map.entry("kubeatlas.clusters.encryption.active-key-id", "k2"),
                Map.entry("kubeatlas.clusters.encryption.key", "a2V5"),
                Map.entry("kubeatlas.clusters.encryption.key-dir", "/keys"),
                Map.entry("kubeatlas.clusters.encryption.keys.k0", "b2xk"),
                Map.entry("kubeatlas.clusters.connect-timeout", "2s"),
                Map.entry("kubeatlas.clusters.max-kubeconfig-bytes", "1024"),
                Map.entry("kubeatlas.clusters.exec-allowlist", "aws,kubelogin"),
                Map.entry("kubeatlas.clusters.allow-loopback", "true"),
                Map.entry("kubeatlas.clusters.health.default-interval", "2s"),
                Map.entry("kubeatlas.clusters.health.tick", "1s"),
                Map.entry("kubeatlas.clusters.local.enabled", "true"),
                Map.entry("kubeatlas.clusters.local.service-account-dir", "/sa"),
                Map.entry("kubeatlas.clusters.local.server", "https://10.0.0.1:443"),
                Map.entry("kubeatlas.clusters.local.refresh", "2s")));
        assertThat(c.encryption().activeKeyId()).isEqualTo("k2");
        assertThat(c.encryption().key()).contains("a2V5");
        assertThat(c.encryption().keyDir()).contains(Path.of("/keys"));
        assertThat(c.encryption().keys()).containsEntry("k0", "b2xk");
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.maxKubeconfigBytes()).isEqualTo(1024);
        assertThat(c.execAllowlist()).contains(List.of("aws", "kubelogin"));
        assertThat(c.allowLoopback()).isTrue();
        assertThat(c.health().defaultInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.health().tick()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.local().enabled()).isTrue();
        assertThat(c.local().serviceAccountDir()).isEqualTo(Path.of("/sa"));
        assertThat(c.local().server()).contains("https://10.0.0.1:443");
        assertThat(c.local().refresh()).isEqualTo(Duration.ofSeconds(2));
    }
}
