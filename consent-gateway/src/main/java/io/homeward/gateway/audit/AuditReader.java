package io.homeward.gateway.audit;

import java.util.List;

/**
 * Privacy officers' read access to the audit log, in sequence order. Reading is itself an audited
 * action ({@link AuditAction#AUDIT_ACCESS}): callers append that record first. Thread-safe.
 */
public interface AuditReader {
  /** The largest page either method returns. */
  int MAX_PAGE = 1000;

  /**
   * Up to {@code limit} records from {@code fromSeq} on with their personal fields withheld.
   *
   * @throws AuditUnavailableException when the log cannot be read
   */
  List<AuditView> read(long fromSeq, int limit);

  /**
   * As {@link #read}, but the personal fields are decrypted with each subject's key; where the key
   * was erased they read {@value AuditView.PersonalFields#ERASED}.
   *
   * @throws AuditUnavailableException when the log or a key cannot be read
   */
  List<AuditView> readRevealingPersonalFields(long fromSeq, int limit);

  /**
   * The records the query matches, newest first, with their personal fields decrypted where the
   * subject's key still exists ({@link AuditView.Disclosure#ERASED} where it was destroyed: a
   * tombstone, never an error).
   *
   * @throws AuditUnavailableException when the log or a key cannot be read
   */
  List<AuditView> find(AuditQuery query);
}
