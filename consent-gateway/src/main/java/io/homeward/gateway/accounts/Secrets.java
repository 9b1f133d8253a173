package io.homeward.gateway.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random bearer secrets (session ids, setup tokens) and the hashes stored in their place. */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** 256 random bits, base64url without padding (43 characters). */
  static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** SHA-256 of the text, hex: what the database keeps of a secret. */
  static String hash(String secret) {
    return HexFormat.of().formatHex(sha256(secret));
  }

  /**
   * The session's CSRF token, derived from the session id (which the page cannot read: the cookie
   * is HttpOnly), so every page of one session gets the same token and only its hash is stored.
   */
  static String csrfFor(String sessionId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("csrf:" + sessionId));
  }

  /** Whether a presented secret's hash equals the stored one, in constant time. */
  static boolean matches(String presented, String storedHash) {
    if (presented == null || storedHash == null) {
      return false;
    }
    return MessageDigest.isEqual(
        hash(presented).getBytes(StandardCharsets.US_ASCII),
        storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
