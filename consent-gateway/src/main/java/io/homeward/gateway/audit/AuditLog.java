package io.homeward.gateway.audit;

import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;

/**
 * The append-only, hash-chained audit log. Appends join the caller's transaction, so a request and
 * its audit record commit together or not at all. When an append cannot be written, the request
 * fails with {@link AuditUnavailableException} (rule 17). Thread-safe.
 */
public interface AuditLog {
  /** Appends one record in the caller's transaction and returns its sequence number. */
  long append(Connection tx, AuditEntry entry);

  /** Appends one record in a transaction of its own (for refusals, which store nothing else). */
  long append(AuditEntry entry);

  /** Verifies the whole chain and every signed checkpoint. */
  ChainReport verify();

  /** Signs a checkpoint over the current head now (also done periodically). */
  void checkpoint();

  /**
   * Destroys a subject's key: their personal fields become unreadable; the chain still verifies.
   */
  void eraseSubjectKey(String subjectId);

  /**
   * Audit retention (PRIVACY.md "Audit record": kept 3 years): removes the oldest records, every
   * one of them older than {@code cutoff}, under a signed anchor from which the chain still
   * verifies. Answers the new anchor, or empty when nothing was old enough.
   *
   * @throws AuditUnavailableException when the chain does not verify or the removal fails
   */
  Optional<AuditAnchor> removeBefore(Instant cutoff);
}
