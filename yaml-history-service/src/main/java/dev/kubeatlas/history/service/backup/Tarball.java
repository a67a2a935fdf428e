package dev.kubeatlas.history.service.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.history.model.Scope;
import dev.kubeatlas.history.service.diff.StoredManifest;
import dev.kubeatlas.support.problem.ProblemException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A backup's archive: a tar.gz of YAML files, {@code <namespace>/<resource>/<name>.yaml}, cluster-scoped objects
 * under {@code _cluster/}, readable with {@code tar xzf}. Every path is made of checked segments: the namespace a
 * DNS-1123 label, the resource type a type name, the name percent-encoded where it is not a DNS-1123 subdomain
 * (a ClusterRole's {@code :}); no path can leave the directory it is extracted into. Reading refuses an archive
 * with an entry that could ({@code ..}, an absolute path, a backslash).
 */
public final class Tarball {

    public static final String CLUSTER_SCOPED = "_cluster";
    static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    /** One object of an archive, with the resource type it was read as. */
    public record Entry(String resource, String namespace, String name, JsonNode manifest) {
        public String path() {
            if (namespace != null && !Scope.NAMESPACE.matcher(namespace).matches()) {
                throw unsafe("namespace '" + namespace + "' is not a DNS-1123 label");
            }
            if (resource == null || !Scope.KIND.matcher(resource).matches()) {
                throw unsafe("resource type '" + resource + "' is not a resource type name");
            }
            if (name == null || name.isEmpty() || ".".equals(name) || "..".equals(name)) {
                throw unsafe("an object has no usable name");
            }
            String file = DNS_SUBDOMAIN.matcher(name).matches() ? name : URLEncoder.encode(name, StandardCharsets.UTF_8);
            return (namespace == null ? CLUSTER_SCOPED : namespace) + "/" + resource + "/" + file + ".yaml";
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
                String path = file.getName();
                if (path.startsWith("/") || path.contains("\\") || List.of(path.split("/")).contains("..")) {
                    throw unsafe("the archive has an entry outside its directory");
                }
                if (file.isDirectory() || !path.endsWith(".yaml")) {
                    continue;
                }
                String[] parts = path.split("/");
                if (parts.length != 3) {
                    continue;
                }
                String namespace = CLUSTER_SCOPED.equals(parts[0]) ? null : parts[0];
                String name = decoded(parts[2].substring(0, parts[2].length() - ".yaml".length()));
                JsonNode manifest = StoredManifest.parseYaml(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                Entry entry = new Entry(parts[1], namespace, name, manifest);
                entry.path(); // the same checks as writing
                entries.add(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static String decoded(String file) {
        try {
            return URLDecoder.decode(file, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unsafe("an entry's name is not percent-encoded");
        }
    }

    static ProblemException unsafe(String why) {
        return ProblemException.unprocessable("unsafe-archive-path", "Unsafe archive path",
                "An archive path cannot be made safe: " + why);
    }

    private Tarball() {
    }
}
