package dev.kubeatlas.support.rest;

import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContinueTokenTest {

    @Test
    void aTokenGivesBackTheIdOfItsList() {
        assertThat(ContinueToken.id("audit", ContinueToken.afterId("audit", 42))).isEqualTo(42L);
        assertThat(ContinueToken.id("audit", null)).isNull();
        assertThat(ContinueToken.id("audit", " ")).isNull();
    }

    @Test
    void aTokenOfAnotherListOrAMadeUpOneIsRefused() {
        for (String token : new String[] {ContinueToken.afterId("versions", 42), "42", "!!",
                ContinueToken.afterId("audit", 0), encoded("audit:-1"), encoded("audit:x"), encoded("audit")}) {
            assertThatThrownBy(() -> ContinueToken.id("audit", token)).as(token).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400))
                    .satisfies(e -> assertThat(((ProblemException) e).slug()).isEqualTo("invalid-continue"));
        }
    }

    private static String encoded(String raw) {
        return Base64.getUrlEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
