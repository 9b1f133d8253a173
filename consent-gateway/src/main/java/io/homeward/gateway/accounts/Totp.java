package io.homeward.gateway.accounts;

import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords, RFC 6238 as authenticator apps use them: HMAC-SHA1, 30-second
 * steps, six digits; a code of the step before or after is accepted too (clock drift). The caller
 * refuses a step already used (replay). Thread-safe.
 */
@Singleton
public final class Totp {
  static final int STEP_SECONDS = 30;
  static final int DIGITS = 6;
  private static final int SECRET_BYTES = 20;

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Totp(Clock clock) {
    this.clock = clock;
  }

  /** A new 160-bit secret (RFC 4226's recommended length). */
  public byte[] newSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return secret;
  }

  /** The time step now. */
  public long currentStep() {
    return Math.floorDiv(clock.millis() / 1000, STEP_SECONDS);
  }

  /**
   * The step {@code code} is valid for, among now, one before and one after, and later than {@code
   * lastUsedStep} (a code, or an earlier one, already used is refused); empty when none.
   */
  public OptionalLong match(byte[] secret, String code, Long lastUsedStep) {
    if (code == null || !code.matches("\\d{" + DIGITS + "}")) {
      return OptionalLong.empty();
    }
    byte[] given = code.getBytes(StandardCharsets.US_ASCII);
    long now = currentStep();
    long found = -1;
    // Every candidate is computed and compared, matching or not, so the time taken says nothing.
    for (long step = now - 1; step <= now + 1; step++) {
      boolean equal =
          MessageDigest.isEqual(given, code(secret, step).getBytes(StandardCharsets.US_ASCII));
      if (equal && found < 0 && (lastUsedStep == null || step > lastUsedStep)) {
        found = step;
      }
    }
    return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
  }

  /** The code for one step (RFC 4226 dynamic truncation). */
  static String code(byte[] secret, long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = h[h.length - 1] & 0x0f;
      int binary =
          ((h[offset] & 0x7f) << 24)
              | ((h[offset + 1] & 0xff) << 16)
              | ((h[offset + 2] & 0xff) << 8)
              | (h[offset + 3] & 0xff);
      int otp = binary % (int) Math.pow(10, DIGITS);
      return String.format("%0" + DIGITS + "d", otp);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA1 is unavailable", e);
    }
  }

  /** The {@code otpauth://} URI an authenticator app reads from a QR code. */
  public static String uri(String issuer, String account, String base32Secret) {
    String label = encode(issuer) + ":" + encode(account);
    return "otpauth://totp/"
        + label
        + "?secret="
        + base32Secret
        + "&issuer="
        + encode(issuer)
        + "&algorithm=SHA1&digits="
        + DIGITS
        + "&period="
        + STEP_SECONDS;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
