package io.homeward.gateway.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals sensitive text fields (a found person's location, a written justification) with AES-256-GCM
 * before they reach the database; the column name is bound as associated data. Thread-safe.
 */
public final class FieldSealer {
  private static final int NONCE = 12;
  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public FieldSealer(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("a 256-bit key is required");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  public byte[] seal(String field, String plaintext) {
    if (plaintext == null) {
      return null;
    }
    try {
      byte[] nonce = new byte[NONCE];
      random.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      c.updateAAD(field.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing failed", e);
    }
  }

  /** Opens a sealed field; reading sensitive text is this explicit call. */
  public String openPlaintext(String field, byte[] sealed) {
    if (sealed == null) {
      return null;
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, NONCE));
      c.updateAAD(field.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(sealed, NONCE, sealed.length - NONCE), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a sealed field does not open with this key", e);
    }
  }
}
