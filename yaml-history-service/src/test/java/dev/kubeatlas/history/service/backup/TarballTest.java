package dev.kubeatlas.history.service.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.history.service.diff.StoredManifest;
import dev.kubeatlas.support.problem.ProblemException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TarballTest {

    static final JsonNode MANIFEST = StoredManifest.parse("{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}");

    static Tarball.Entry entry(String resource, String namespace, String name) {
        return new Tarball.Entry(resource, namespace, name, MANIFEST);
    }

    static void refused(Runnable action) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.slug()).isEqualTo("unsafe-archive-path");
        });
    }

    /** A tar.gz with one entry of that path, as a hand-made (or tampered) archive would have. */
    static byte[] archiveWith(String path) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            byte[] yaml = "kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry(path, true);
            file.setSize(yaml.length);
            tar.putArchiveEntry(file);
            tar.write(yaml);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void entryPathsAreMadeOfCheckedSegmentsAndNamesAreEncodedWhereNeeded() {
        assertThat(entry("configmaps", "shop", "cart-config").path()).isEqualTo("shop/configmaps/cart-config.yaml");
        assertThat(entry("clusterroles.rbac.authorization.k8s.io", null, "system:view").path())
                .isEqualTo("_cluster/clusterroles.rbac.authorization.k8s.io/system%3Aview.yaml");
        assertThat(entry("configmaps", "shop", "../../../etc/cron.d/x").path())
                .isEqualTo("shop/configmaps/..%2F..%2F..%2Fetc%2Fcron.d%2Fx.yaml");
        assertThat(entry("configmaps", "shop", "a\\b").path()).isEqualTo("shop/configmaps/a%5Cb.yaml");
        refused(() -> entry("configmaps", "../..", "x").path());
        refused(() -> entry("configmaps", "/etc", "x").path());
        refused(() -> entry("../configmaps", "shop", "x").path());
        refused(() -> entry("configmaps", "shop", "..").path());
        refused(() -> entry("configmaps", "shop", "").path());
    }

    @Test
    void anArchiveWithEncodedNamesReadsBackToTheSameObjects() {
        List<Tarball.Entry> written = List.of(entry("configmaps", "shop", "../../x"),
                entry("clusterroles.rbac.authorization.k8s.io", null, "system:view"));
        List<Tarball.Entry> read = Tarball.read(Tarball.write(written, Instant.now()));
        assertThat(read).extracting(Tarball.Entry::name).containsExactly("../../x", "system:view");
        assertThat(read).extracting(Tarball.Entry::namespace).containsExactly("shop", null);
    }

    @Test
    void restoreRefusesAnArchiveWithAnEntryOutsideItsDirectory() throws Exception {
        for (String path : List.of("../etc/configmaps/x.yaml", "shop/../../configmaps/x.yaml", "/shop/configmaps/x.yaml",
                "shop\\configmaps\\x.yaml", "shop/configmaps/..", "../x.txt")) {
            byte[] archive = archiveWith(path);
            refused(() -> Tarball.read(archive));
        }
        assertThat(Tarball.read(archiveWith("shop/configmaps/x.yaml"))).hasSize(1);
    }
}
