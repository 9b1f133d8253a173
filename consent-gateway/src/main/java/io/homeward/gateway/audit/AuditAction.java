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
  /** Case registration and status changes. */
  CASE_CHANGE,
  /** Privacy officers reading or verifying the audit log, reviewing alerts, unlocking accounts. */
  AUDIT_ACCESS
}
