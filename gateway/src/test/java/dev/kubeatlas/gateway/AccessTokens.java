package dev.kubeatlas.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * The realm as the gateway sees it: WireMock serves the discovery document and the JWKS, and this class signs tokens
 * shaped like Keycloak's, with {@code typ} and {@code aud} as the realm sets them (access tokens are {@code typ Bearer}
 * with audience {@code kubeatlas}; ID tokens are {@code typ ID} with the client as audience). test-support's
 * {@code Tokens} carries neither claim, which the gateway now requires.
 */
public class AccessTokens implements QuarkusTestResourceLifecycleManager {

    static final String AUDIENCE = "kubeatlas";
    private static final String REALM_PATH = "/realms/kubeatlas";
    private static final String KEY_ID = "gateway-test";
    private static final KeyPair KEYS = generate();
    private static volatile String issuer;

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        issuer = "http://127.0.0.1:" + server.port() + REALM_PATH;
        server.stubFor(get(urlEqualTo(REALM_PATH + "/.well-known/openid-configuration")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"issuer":"%1$s","jwks_uri":"%1$s/protocol/openid-connect/certs",
                         "token_endpoint":"%1$s/protocol/openid-connect/token",
                         "id_token_signing_alg_values_supported":["RS256"]}""".formatted(issuer))));
        RSAPublicKey key = (RSAPublicKey) KEYS.getPublic();
        server.stubFor(get(urlEqualTo(REALM_PATH + "/protocol/openid-connect/certs")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"%s"}]}"""
                        .formatted(KEY_ID, base64Url(key.getModulus()), base64Url(key.getPublicExponent())))));
        return Map.of("quarkus.oidc.auth-server-url", issuer);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** An access token of the realm for a user with the given realm roles. */
    static String forUser(String user, String... roles) {
        return token("Bearer", AUDIENCE, user, roles);
    }

    static String admin() {
        return forUser("admin", "admin", "operator", "viewer");
    }

    static String operator() {
        return forUser("operator", "operator", "viewer");
    }

    static String viewer() {
        return forUser("viewer", "viewer");
    }

    static String service() {
        return forUser("service-account-kubeatlas-services", "service");
    }

    /** What Keycloak hands the CLI beside the access token: an ID token, audience the client, same roles. */
    static String idToken(String user, String... roles) {
        return token("ID", "kubeatlas-cli", user, roles);
    }

    /** An access token of the realm meant for another audience. */
    static String forAudience(String audience, String user, String... roles) {
        return token("Bearer", audience, user, roles);
    }

    /** A well-formed access token signed by a key the provider does not publish. */
    static String forged() {
        return Jwt.issuer(issuer).subject("mallory").audience(AUDIENCE).claim("typ", "Bearer")
                .claim("realm_access", Map.of("roles", List.of("admin")))
                .expiresIn(300).jws().keyId(KEY_ID).sign(generate().getPrivate());
    }

    private static String token(String type, String audience, String user, String... roles) {
        if (issuer == null) {
            throw new IllegalStateException("Add @QuarkusTestResource(AccessTokens.class) to the test");
        }
        return Jwt.issuer(issuer)
                .subject("user-" + user)
                .audience(audience)
                .claim("typ", type)
                .claim("azp", "kubeatlas-cli")
                .claim("preferred_username", user)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expiresIn(300)
                .jws().keyId(KEY_ID)
                .sign(KEYS.getPrivate());
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
