package dev.kubeatlas.support.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyedCipherTest {

    static final String K1 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    static final String K2 = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));

    @Test
    void sealsAndOpensWithTheKeyItNames() {
        var cipher = new KeyedCipher("k1", Map.of("k1", K1));
        var sealed = cipher.seal("prod", "token: abc");

        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(new String(sealed.ciphertext(), StandardCharsets.UTF_8)).doesNotContain("abc");
        assertThat(cipher.open("prod", sealed)).isEqualTo("token: abc");
    }

    @Test
    void everySealUsesAFreshNonce() {
        var cipher = new KeyedCipher("k1", Map.of("k1", K1));
        assertThat(cipher.seal("a", "x").nonce()).isNotEqualTo(cipher.seal("a", "x").nonce());
    }

    @Test
    void aCiphertextMovedToAnotherClusterDoesNotOpen() {
        var cipher = new KeyedCipher("k1", Map.of("k1", K1));
        var sealed = cipher.seal("prod", "token: abc");
        assertThatThrownBy(() -> cipher.open("staging", sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oldRecordsStillOpenAfterTheActiveKeyChanges() {
        var before = new KeyedCipher("k1", Map.of("k1", K1));
        var sealed = before.seal("prod", "token: abc");
        var after = new KeyedCipher("k2", Map.of("k1", K1, "k2", K2));

        assertThat(after.open("prod", sealed)).isEqualTo("token: abc");
        assertThat(after.seal("prod", "x").keyId()).isEqualTo("k2");
        assertThatThrownBy(() -> new KeyedCipher("k2", Map.of("k2", K2)).open("prod", sealed))
                .hasMessageContaining("'k1'");
    }

    @Test
    void rejectsWeakOrMissingKeys() {
        assertThatThrownBy(() -> new KeyedCipher("k1", Map.of("k1", Base64.getEncoder().encodeToString(new byte[16]))))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new KeyedCipher("k1", Map.of())).hasMessageContaining("active id");
        assertThatThrownBy(() -> new KeyedCipher("k1", Map.of("k1", "not base64!"))).hasMessageContaining("base64");
    }
}
