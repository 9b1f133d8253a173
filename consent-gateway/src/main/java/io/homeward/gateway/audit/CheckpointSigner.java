package io.homeward.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;

/**
 * Signs audit checkpoints with the gateway's Ed25519 key. Construction checks that the private and
 * public halves belong together. Thread-safe.
 */
public final class CheckpointSigner {
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;

  /**
   * @throws IllegalArgumentException when the keys are not an Ed25519 pair
   */
  public CheckpointSigner(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyId = CheckpointKeys.keyId(publicKey);
    byte[] probe = "homeward-audit-key-check".getBytes(StandardCharsets.UTF_8);
    boolean pair;
    try {
      pair = CheckpointKeys.of(List.of(publicKey)).verifies(keyId, probe, sign(probe));
    } catch (GeneralSecurityException e) {
      pair = false;
    }
    if (!pair) {
      throw new IllegalArgumentException(
          "the audit signing key and its public key are not one Ed25519 key pair");
    }
  }

  /** The id recorded with each checkpoint (see {@link CheckpointKeys#keyId}). */
  public String keyId() {
    return keyId;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  byte[] sign(byte[] message) throws GeneralSecurityException {
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(privateKey);
    signer.update(message);
    return signer.sign();
  }

  @Override
  public String toString() {
    return "CheckpointSigner[keyId=" + keyId + "]";
  }
}
