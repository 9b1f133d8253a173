package io.homeward.gateway.audit;

import java.util.Optional;

/**
 * The result of verifying the audit chain.
 *
 * @param intact whether every record and checkpoint verified
 * @param records how many records were checked
 * @param checkpoints how many signed checkpoints in the database were checked
 * @param externalCheckpoints how many signed checkpoints outside the database were checked
 * @param lastExternalCheckpoint the record the latest checkpoint outside the database covers (0:
 *     none)
 * @param firstBrokenSequence the sequence number of the first record that failed, if any
 * @param problem what failed there (safe to show a privacy officer; no personal data)
 * @param anchor the latest audit retention anchor, if records were removed: the chain is verified
 *     from it on
 */
public record ChainReport(
    boolean intact,
    long records,
    long checkpoints,
    long externalCheckpoints,
    long lastExternalCheckpoint,
    Optional<Long> firstBrokenSequence,
    Optional<String> problem,
    Optional<AuditAnchor> anchor) {

  /** A report on a chain nothing was ever removed from. */
  public ChainReport(
      boolean intact,
      long records,
      long checkpoints,
      long externalCheckpoints,
      long lastExternalCheckpoint,
      Optional<Long> firstBrokenSequence,
      Optional<String> problem) {
    this(
        intact,
        records,
        checkpoints,
        externalCheckpoints,
        lastExternalCheckpoint,
        firstBrokenSequence,
        problem,
        Optional.empty());
  }
}
