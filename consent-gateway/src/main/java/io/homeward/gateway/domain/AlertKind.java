package io.homeward.gateway.domain;

/**
 * The kinds of silent alert privacy officers review (PRIVACY.md rules 2, 5, 14, 16, 22). Stored and
 * answered by name.
 */
public enum AlertKind {
  /** A search hit a protected person (rule 14). */
  PROTECTED_PERSON_HIT,
  /** Someone viewed a protected person's image (rule 14). */
  PROTECTED_PERSON_VIEW,
  /** The standing search raised a protected person as a candidate (rule 14). */
  PROTECTED_PERSON_CANDIDATE,
  /** An account was locked by a usage limit (rule 16). */
  ACCOUNT_LOCKED,
  /** A case registered under a vital emergency, to be reviewed (rule 2). */
  VITAL_EMERGENCY_REVIEW,
  /** A vital emergency's 24 hours ran out; the case is no longer searchable (rule 2). */
  EMERGENCY_BASIS_EXPIRED,
  /** The guardian of a subject aged 14-17 is to be notified (rule 5). */
  GUARDIAN_NOTICE_DUE,
  /** An open missing case was not re-confirmed within 12 months (rule 22). */
  RECONFIRMATION_DUE
}
