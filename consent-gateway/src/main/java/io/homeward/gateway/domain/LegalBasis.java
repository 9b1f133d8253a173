package io.homeward.gateway.domain;

/** The legal bases of PRIVACY.md rule 2. */
public enum LegalBasis {
  /** An adult subject, or a subject aged 14-17 for themselves. */
  CONSENT,
  /** A guardian for a subject under 14, or an adult lacking capacity. */
  GUARDIAN_CONSENT,
  /** A police case number. */
  STATUTORY_DUTY,
  /** Police only, written justification, expires after 24 h, reviewed by a privacy officer. */
  VITAL_EMERGENCY
}
