package io.homeward.gateway.audit;

/** The audited actions of PRIVACY.md. */
public enum AuditAction {
  ENROL,
  SEARCH,
  VIEW,
  VERIFY,
  EXPORT_ATTEMPT,
  DELETE,
  CONSENT_CHANGE,
  OVERRIDE,
  POLICY_CHANGE,
  /** A candidate of a case search referred to the examiners (issue 13). */
  REFERRAL,
  /** Case registration and status changes. */
  CASE_CHANGE,
  /** Privacy officers reading or verifying the audit log, reviewing alerts, unlocking accounts. */
  AUDIT_ACCESS,
  /**
   * A request refused before its use case ran: no purpose named, or a role the token does not grant
   * (an identified user probing what they may do).
   */
  ACCESS_REFUSED,
  /** Local accounts: a sign-in, a failed sign-in of a known account, a lock-out, a sign-out. */
  SIGN_IN,
  /**
   * Local accounts: the first administrator created, users created, passwords, second factors and
   * languages changed; organisations created, renamed, reclassified, deactivated or reactivated.
   */
  ACCOUNT_CHANGE,
  /** A re-embedding job started into a new vector space (administrators; issue 14). */
  MODEL_CHANGE
}
