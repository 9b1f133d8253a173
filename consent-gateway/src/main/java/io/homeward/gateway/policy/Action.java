package io.homeward.gateway.policy;

/** What a request wants to do; one Cedar action each. */
public enum Action {
  /** Register a case (MISSING or FOUND) with its subject. */
  CREATE_CASE,
  /** Store a photo under a case (and index it when the case is searchable). Rules 1-8. */
  ENROL_PHOTO,
  /** Make a case searchable ({@code PENDING} to {@code OPEN}). Rule 3. */
  ACTIVATE_CASE,
  /** A caseworker checks a guardian's identity and relationship. Rules 3, forged consent. */
  VERIFY_CONSENT,
  /** Search with a case's photos against the other side. Rules 9, 16. */
  SEARCH,
  /** One search with a stranger's photo (a begging child), deleted within 24 h. Rule 7. */
  ONE_TIME_SEARCH,
  /** See the candidates raised for a case. Rule 6 (quarantined family reports). */
  VIEW_CANDIDATES,
  /** See a candidate at all; a protected person is never shown (rule 14). */
  SHOW_CANDIDATE,
  /** See raw scores rather than bands. Rule 10. */
  VIEW_SCORES,
  /** See an image unblurred. Rule 11. */
  VIEW_IMAGE_CLEAR,
  /** See a blurred thumbnail. Rule 11. */
  VIEW_IMAGE_BLURRED,
  /** See a found person's location and contact. Rule 13. */
  VIEW_LOCATION,
  /**
   * Refer a candidate a case search showed to the examiners (a review item for the pair): the roles
   * that may search the case, on the open case. Rules 9, 12.
   */
  REFER_CANDIDATE,
  /** Record an examiner's verdict. Rule 12. */
  RECORD_VERDICT,
  /**
   * Notify a family, contact a person or publish: after two POTENTIAL_CANDIDATE verdicts. Rule 12.
   */
  NOTIFY_FAMILY,
  /** Record a DNA or document confirmation. Rule 12. */
  RECORD_CONFIRMATION,
  /** Mark a case REUNIFIED: only after a confirmation is recorded. Rule 12. */
  MARK_REUNIFIED,
  /** Mark a case FOUND or CLOSED. Rule 19. */
  CHANGE_CASE_STATUS,
  /** A police-authorised public alert. Rule 15. */
  PUBLISH_ALERT,
  /** Export or share an image: never allowed (rule 15); attempts are audited. */
  EXPORT_IMAGE,
  /** Use an image to train or tune models: only with separate consent (rule 8). */
  USE_FOR_TRAINING,
  /** Withdraw a consent (erasure follows). Rule 18. */
  WITHDRAW_CONSENT,
  /** Read case data (metadata, consents) without face data. */
  READ_CASE,
  /**
   * Bulk import (issue 14): open an import job, send it batches, follow it and read its refusals.
   * Each record is then decided as a single registration and enrolment ({@code CREATE_CASE}, {@code
   * ENROL_PHOTO}).
   */
  IMPORT_CASES,
  /** List the cases within reach (no face data, no subject data), a page at a time. */
  LIST_CASES,
  /** Read the audit log and verify its chain (privacy officers). */
  READ_AUDIT,
  /**
   * Browse the audit records, their personal fields opened where the subject's key exists (privacy
   * officers, within their organisation). PRIVACY.md "Audit record".
   */
  READ_AUDIT_RECORDS,
  /** Review alerts and flags (privacy officers). */
  REVIEW_ALERTS,
  /**
   * Follow withdrawals and erasures: which cases are on their way out and what is left to do
   * (privacy officers, within their organisation). Rules 18-19.
   */
  READ_ERASURES,
  /**
   * List the organisation's alert posters, active, expired and withdrawn (privacy officers; ids,
   * dates and the police unit, never the photo). Rule 15.
   */
  READ_POSTERS,
  /** Unlock an account locked by the rate limits (privacy officers). Rule 16. */
  UNLOCK_ACCOUNT,
  /** Acknowledge a silent alert: a privacy officer has seen it and is on it. Rule 14, audit. */
  ACKNOWLEDGE_ALERT,
  /** Resolve a silent alert, with a note of what was done. Rule 14, audit. */
  RESOLVE_ALERT,
  /** Create and list local accounts (administrators; issue 13, sign-in on one machine). */
  MANAGE_ACCOUNTS,
  /** Change configuration (administrators; two approvers). */
  CHANGE_CONFIGURATION,
  /**
   * Read the effective configuration: a curated set of limits, bands and periods, never secrets
   * (administrators; issue 13).
   */
  READ_CONFIGURATION,
  /**
   * Reach a case at all (its metadata, consents, photos, searches, status): the organisation that
   * registered it, or one it assigned. Decided before the action itself; outside it the case does
   * not exist. Threat "an insider looking up a neighbour".
   */
  ACCESS_CASE,
  /** Reach a photo: its case is within reach, or it is a redacted candidate of such a case. */
  ACCESS_PHOTO,
  /** Reach a review item: either of its two cases is within reach. */
  ACCESS_REVIEW,
  /** See an alert: it concerns the privacy officer's own organisation. */
  ACCESS_ALERT,
  /** Assign another organisation's examiners or police to a case, list and revoke assignments. */
  ASSIGN_CASE,
  /**
   * List the organisation's open MISSING cases whose yearly re-confirmation is due, overdue or has
   * lapsed (caseworkers). Rule 22.
   */
  LIST_RECONFIRMATIONS,
  /**
   * Record that the guardian re-confirmed a MISSING case; a case the lapse made unsearchable is
   * reopened. Rule 22.
   */
  RECONFIRM_CASE,
  /**
   * Produce, for the subject of one case, the report of everything held about them, less what
   * police confidentiality withholds (privacy officers). Rule 21.
   */
  SUBJECT_ACCESS_REPORT,
  /** See a photo of that report, watermarked, for the subject's own eyes (privacy officers). */
  SUBJECT_ACCESS_PHOTO,
  /** Correct the subject's data on their request (privacy officers). Rule 21. */
  CORRECT_SUBJECT
}
