package dev.kubeatlas.history.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.history.diff.StoredManifest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A backup's archive: a tar.gz of YAML files, {@code <namespace>/<resource>/<name>.yaml}, cluster-scoped objects
 * under {@code _cluster/}, readable with {@code tar xzf}.
 */
public final class Tarball {

    public static final String CLUSTER_SCOPED = "_cluster";

    /** One object of an archive, with the resource type it was read as. */
    public record Entry(String resource, String namespace, String name, JsonNode manifest) {
        String path() {
            return (namespace == null ? CLUSTER_SCOPED : namespace) + "/" + resource + "/" + name + ".yaml";
        }
    }

    public static byte[] write(List<Entry> entries, Instant taken) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry entry : entries) {
                byte[] yaml = StoredManifest.yaml(entry.manifest()).getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry file = new TarArchiveEntry(entry.path());
                file.setSize(yaml.length);
                file.setModTime(Date.from(taken));
                file.setMode(0600);
                tar.putArchiveEntry(file);
                tar.write(yaml);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static List<Entry> read(byte[] tarGz) {
        List<Entry> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tarGz)))) {
            TarArchiveEntry file;
            while ((file = tar.getNextEntry()) != null) {
                if (file.isDirectory() || !file.getName().endsWith(".yaml")) {
                    continue;
                }
                String[] parts = file.getName().split("/");
                if (parts.length != 3) {
                    continue;
                }
                JsonNode manifest = StoredManifest.parseYaml(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                String namespace = CLUSTER_SCOPED.equals(parts[0]) ? null : parts[0];
                entries.add(new Entry(parts[1], namespace, parts[2].substring(0, parts[2].length() - ".yaml".length()),
                        manifest));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private Tarball() {
    }
}
