package io.dragnet.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Making and hashing credentials. Secrets are at least 148 random bits, so an unsalted SHA-256 is
 * enough to keep a stolen database from yielding working credentials, and lets a request find its
 * token by an indexed equality lookup instead of trying a slow hash against every row.
 */
public final class Secrets {
    /** Distinguishes Dragnet tokens in logs and for secret scanners. */
    static final String TOKEN_PREFIX = "dgn_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** A bearer token: the prefix and 32 random bytes in URL-safe base64 (an RFC 6750 b64token). */
    public static String newApiToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A global API key shaped like Cloudflare's: 37 lowercase hex digits. */
    public static String newGlobalKey() {
        byte[] bytes = new byte[19];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, 37);
    }

    /** A 32-hex-digit identifier, the shape of a Cloudflare account id. */
    public static String newAccountId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static String sha256(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
