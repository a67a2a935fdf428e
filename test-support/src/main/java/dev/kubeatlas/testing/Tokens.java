package dev.kubeatlas.testing;

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

/**
 * Signs access tokens shaped like the ones Keycloak issues for the realm {@code kubeatlas} (realm roles under
 * {@code realm_access.roles}), with a key only the test JVM knows; {@link OidcWireMock} publishes its public half.
 */
public final class Tokens {

    static final String KEY_ID = "kubeatlas-test";
    private static final KeyPair KEYS = generate();
    private static volatile String issuer;

    /** The audience the realm puts into access tokens, and that the gateway requires. */
    public static final String AUDIENCE = "kubeatlas";

    /** An access token for a user with the given realm roles, shaped as Keycloak's ({@code typ Bearer}, audience). */
    public static String forUser(String user, String... roles) {
        return forUser(300, user, roles);
    }

    static String forUser(long expiresInSeconds, String user, String... roles) {
        return token("Bearer", AUDIENCE, expiresInSeconds, user, roles);
    }

    /** What Keycloak hands the CLI beside the access token: an ID token, audience the client, same roles. */
    public static String idToken(String user, String... roles) {
        return token("ID", "kubeatlas-cli", 300, user, roles);
    }

    /** An access token of the realm meant for another audience. */
    public static String forAudience(String audience, String user, String... roles) {
        return token("Bearer", audience, 300, user, roles);
    }

    private static String token(String type, String audience, long expiresInSeconds, String user, String... roles) {
        return Jwt.issuer(requireIssuer())
                .subject("user-" + user)
                .audience(audience)
                .claim("typ", type)
                .claim("preferred_username", user)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expiresIn(expiresInSeconds)
                .jws().keyId(KEY_ID)
                .sign(KEYS.getPrivate());
    }

    public static String admin() {
        return forUser("admin", "admin", "operator", "viewer");
    }

    public static String operator() {
        return forUser("operator", "operator", "viewer");
    }

    public static String viewer() {
        return forUser("viewer", "viewer");
    }

    /** A token of another KubeAtlas service (client credentials of {@code kubeatlas-services}). */
    public static String service() {
        return forUser(SERVICE_ACCOUNT, "service");
    }

    static final String SERVICE_ACCOUNT = "service-account-kubeatlas-services";

    /** A well-formed token signed by a key the provider does not publish. */
    public static String forged() {
        return Jwt.issuer(requireIssuer()).subject("mallory").claim("realm_access", Map.of("roles", List.of("admin")))
                .expiresIn(300).jws().keyId(KEY_ID).sign(generate().getPrivate());
    }

    static void issuer(String value) {
        issuer = value;
    }

    static String jwks() {
        RSAPublicKey key = (RSAPublicKey) KEYS.getPublic();
        return """
                {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"%s"}]}"""
                .formatted(KEY_ID, base64Url(key.getModulus()), base64Url(key.getPublicExponent()));
    }

    private static String requireIssuer() {
        if (issuer == null) {
            throw new IllegalStateException("Add @QuarkusTestResource(OidcWireMock.class) to the test");
        }
        return issuer;
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

    private Tokens() {
    }
}
