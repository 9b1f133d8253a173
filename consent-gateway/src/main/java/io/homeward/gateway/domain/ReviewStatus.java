package io.homeward.gateway.domain;

/**
 * Where a review item stands (PRIVACY.md rules 12 and 14): open until the two examiners' verdicts
 * agree, then the verdict they agree on; a protected person's item is held instead.
 */
public enum ReviewStatus {
  /** Waiting for two examiners. */
  OPEN,
  /** Involves a protected person: held for the protection officer, never queued (rule 14). */
  PROTECTED_HOLD,
  /** Both examiners recorded {@link Verdict#POTENTIAL_CANDIDATE}. */
  POTENTIAL_CANDIDATE,
  /** Both examiners recorded {@link Verdict#NO_CANDIDATE}. */
  NO_CANDIDATE,
  /** Both examiners recorded {@link Verdict#INCONCLUSIVE}. */
  INCONCLUSIVE;

  /** The status of an item both examiners gave this verdict. */
  public static ReviewStatus agreed(Verdict verdict) {
    return valueOf(verdict.name());
  }
}
