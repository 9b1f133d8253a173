package io.homeward.gateway.audit;

import java.time.Instant;

/**
 * Audit retention's anchor (PRIVACY.md "Audit record": kept 3 years): the records up to {@code seq}
 * were removed, every one of them older than {@code removedBefore}; record {@code seq} had the hash
 * {@code headHash}, to which the first record kept links. Signed with the checkpoint key ({@link
 * CanonicalForm#anchor}), so nobody without that key can cut the chain's start and present what is
 * left as complete.
 *
 * @param seq the last record removed
 * @param headHash that record's hash
 * @param removedBefore every removed record occurred before this
 * @param removedRecords how many records this removal took
 * @param signedAt when the anchor was signed
 * @param keyId the public key that verifies it
 * @param signature Ed25519 over {@link CanonicalForm#anchor}
 */
public record AuditAnchor(
    long seq,
    String headHash,
    Instant removedBefore,
    long removedRecords,
    Instant signedAt,
    String keyId,
    byte[] signature) {

  /** The bytes the signature covers. */
  byte[] signedBytes() {
    return CanonicalForm.anchor(seq, headHash, removedBefore, removedRecords, signedAt, keyId);
  }

  @Override
  public String toString() {
    return "AuditAnchor[seq=" + seq + ", keyId=" + keyId + "]";
  }
}
