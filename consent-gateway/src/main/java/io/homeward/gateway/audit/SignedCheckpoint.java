package io.homeward.gateway.audit;

import java.time.Instant;

/**
 * An Ed25519-signed statement "record {@code seq} has hash {@code headHash}", made at {@code
 * signedAt} with the key {@code keyId}; the signed bytes are {@link CanonicalForm#checkpoint}. The
 * same checkpoint is stored in the database and, outside it, in the {@link CheckpointStore}.
 */
public record SignedCheckpoint(
    long seq, String headHash, Instant signedAt, String keyId, byte[] signature) {

  /** The bytes the signature covers. */
  byte[] signedBytes() {
    return CanonicalForm.checkpoint(seq, headHash, signedAt, keyId);
  }

  @Override
  public String toString() {
    return "SignedCheckpoint[seq=" + seq + ", keyId=" + keyId + "]";
  }
}
