package io.homeward.gateway.security;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash (HMAC-SHA256) of probe images: the audit log and the per-case probe count record this,
 * never the image. Keyed, so a list of known photos cannot be hashed to find who searched for whom.
 */
public final class ProbeHasher {
  private final SecretKeySpec key;

  public ProbeHasher(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
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
