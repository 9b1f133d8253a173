package io.homeward.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash (HMAC-SHA256) of probe images: the audit log and the per-case probe count record this,
 * never the image. Keyed, so a list of known photos cannot be hashed to find who searched for whom.
 */
public final class ProbeHasher {
  private static final byte[] KEY_ID_LABEL =
      "homeward probe key id".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final String keyId;

  public ProbeHasher(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.keyId = hash(KEY_ID_LABEL).substring(0, 16);
  }

  /**
   * A short public id of the key (the HMAC of a fixed label): tells whether a recorded HMAC was
   * made with the current key, and reveals nothing of it.
   */
  public String keyId() {
    return keyId;
  }

  public String hash(byte[] image) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(image));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }
}
