package io.homeward.gateway.domain;

/** The purpose every request names (PRIVACY.md: "every request names one purpose"). */
public enum Purpose {
  /** Registering and searching for a missing person or a found person's family. */
  FAMILY_TRACING,
  /** Police identification of a found or unidentified person. */
  IDENTIFICATION,
  /** Examiners verifying candidates. */
  CANDIDATE_VERIFICATION,
  /** Consent, withdrawal, erasure and retention. */
  DATA_PROTECTION,
  /** Privacy officers reading and verifying the audit log, reviewing alerts. */
  PRIVACY_AUDIT,
  /** Configuration (administrators). */
  ADMINISTRATION
}
