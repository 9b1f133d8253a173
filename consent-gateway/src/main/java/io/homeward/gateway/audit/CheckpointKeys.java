package io.homeward.gateway.audit;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Ed25519 public keys whose checkpoint signatures are accepted, by key id (the current signing
 * key and any retired ones). A checkpoint signed by a key not listed here fails verification.
 * Immutable and thread-safe.
 */
public final class CheckpointKeys {
  private final Map<String, PublicKey> byId;

  private CheckpointKeys(Map<String, PublicKey> byId) {
    this.byId = Map.copyOf(byId);
  }

  /**
   * @throws IllegalArgumentException when a key is not an Ed25519 public key, or none is given
   */
  public static CheckpointKeys of(Collection<PublicKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one checkpoint public key is needed");
    }
    var byId = new LinkedHashMap<String, PublicKey>();
    for (PublicKey key : keys) {
      if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
        throw new IllegalArgumentException("checkpoint keys must be Ed25519 public keys");
      }
      byId.put(keyId(key), key);
    }
    return new CheckpointKeys(byId);
  }

  /** A public key's id: the first 16 hex digits of the SHA-256 of its X.509 encoding. */
  public static String keyId(PublicKey key) {
    return CanonicalForm.sha256Hex(key.getEncoded()).substring(0, 16);
  }

  public int size() {
    return byId.size();
  }

  Optional<PublicKey> find(String keyId) {
    return Optional.ofNullable(byId.get(keyId));
  }

  /** Whether {@code signature} over {@code message} verifies with the key {@code keyId}. */
  boolean verifies(String keyId, byte[] message, byte[] signature) {
    PublicKey key = byId.get(keyId);
    if (key == null) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
