package dev.kubeatlas.workload.kube;

import dev.kubeatlas.workload.config.WorkloadConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a Secret value becomes wherever KubeAtlas shows that it changed without showing it (the change stream, history,
 * diffs, compare, search): an HMAC-SHA256 under a key of this installation. Equal values give equal digests, so a
 * change is visible; without the key nothing can be guessed offline, as a plain hash of a weak password could be.
 * The key is base64 of at least 32 random bytes, given as {@code kubeatlas.workload.value-digest.key} or as a file
 * ({@code ./kubeatlas up} makes one); the service does not start without it.
 */
@ApplicationScoped
@Startup
public class SecretDigest {

    static final String PREFIX = "hmac-sha256:";

    private final SecretKeySpec key;

    @Inject
    public SecretDigest(WorkloadConfig config) {
        this(decode(config.valueDigest().key().filter(k -> !k.isBlank()).orElseGet(() -> read(config.valueDigest().keyFile()))));
    }

    SecretDigest(byte[] key) {
        if (key.length < 32) {
            throw new IllegalStateException("The value digest key must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    public String of(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Optional<String> file) {
        String path = file.filter(f -> !f.isBlank()).orElseThrow(() -> new IllegalStateException(
                "No key for Secret value digests: set KUBEATLAS_VALUE_DIGEST_KEY_FILE (./kubeatlas up makes one) "
                        + "or KUBEATLAS_VALUE_DIGEST_KEY"));
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the value digest key file", e);
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The value digest key is not base64");
        }
    }
}
