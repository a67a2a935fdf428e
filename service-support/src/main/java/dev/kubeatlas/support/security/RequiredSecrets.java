package dev.kubeatlas.support.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.Optional;

/**
 * A service that acts with its own identity (client credentials) does not start without a client secret of its
 * installation: there is no built-in one, which anyone on the host could use to read every kubeconfig. Dev and
 * test profiles keep a fixed test value.
 */
@ApplicationScoped
public class RequiredSecrets {

    private final Config config;

    public RequiredSecrets(Config config) {
        this.config = config;
    }

    void check(@Observes StartupEvent started) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            require(config.getOptionalValue("quarkus.oidc-client.client-id", String.class),
                    config.getOptionalValue("quarkus.oidc-client.credentials.secret", String.class));
        }
    }

    static void require(Optional<String> clientId, Optional<String> secret) {
        if (clientId.isPresent() && secret.filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException("No client secret for the service identity: set KUBEATLAS_SERVICE_CLIENT_SECRET "
                    + "(./kubeatlas up makes one per installation)");
        }
    }
}
