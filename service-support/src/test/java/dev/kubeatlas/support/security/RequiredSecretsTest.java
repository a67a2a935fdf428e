package dev.kubeatlas.support.security;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequiredSecretsTest {

    @Test
    void aServiceIdentityWithoutASecretDoesNotStart() {
        assertThatThrownBy(() -> RequiredSecrets.require(Optional.of("kubeatlas-services"), Optional.empty()))
                .hasMessageContaining("KUBEATLAS_SERVICE_CLIENT_SECRET");
        assertThatThrownBy(() -> RequiredSecrets.require(Optional.of("kubeatlas-services"), Optional.of(" ")))
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> RequiredSecrets.require(Optional.of("kubeatlas-services"), Optional.of("s3cr3t"))).doesNotThrowAnyException();
        assertThatCode(() -> RequiredSecrets.require(Optional.empty(), Optional.empty())).doesNotThrowAnyException();
    }
}
