package dev.kubeatlas.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * WireMock as the OIDC provider of a service under test: serves the discovery document and the JWKS of the key
 * {@link Tokens} signs with, and a token endpoint for the client-credentials grant, under the same path layout as
 * the Keycloak realm {@code kubeatlas}.
 */
public class OidcWireMock implements QuarkusTestResourceLifecycleManager {

    static final String REALM_PATH = "/realms/kubeatlas";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        String issuer = "http://127.0.0.1:" + server.port() + REALM_PATH;
        Tokens.issuer(issuer);
        server.stubFor(get(urlEqualTo(REALM_PATH + "/.well-known/openid-configuration")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"issuer":"%1$s","jwks_uri":"%1$s/protocol/openid-connect/certs",
                         "token_endpoint":"%1$s/protocol/openid-connect/token",
                         "authorization_endpoint":"%1$s/protocol/openid-connect/auth",
                         "id_token_signing_alg_values_supported":["RS256"]}""".formatted(issuer))));
        server.stubFor(get(urlEqualTo(REALM_PATH + "/protocol/openid-connect/certs")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(Tokens.jwks())));
        // client credentials: whatever client asks gets a service token (services under test use the grant)
        server.stubFor(post(urlEqualTo(REALM_PATH + "/protocol/openid-connect/token"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"access_token":"%s","token_type":"Bearer","expires_in":3600}""".formatted(
                        Tokens.forUser(3600, Tokens.SERVICE_ACCOUNT, "service")))));
        return Map.of("quarkus.oidc.auth-server-url", issuer);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
