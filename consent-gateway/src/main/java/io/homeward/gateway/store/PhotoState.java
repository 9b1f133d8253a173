package io.homeward.gateway.store;

/** Where a photo's vector stands. */
public enum PhotoState {
  /**
   * Stored and encrypted; not in the index (its case is not searchable, or the write is queued).
   */
  STORED,
  /** Acknowledged by the search service. */
  INDEXED,
  /** A one-time probe (a stranger's photo): never indexed, deleted within 24 h. */
  PROBE,
  /** Image deleted and vector removed (withdrawal, closure, retention). */
  ERASED
}
