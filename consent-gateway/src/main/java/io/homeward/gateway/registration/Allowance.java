package io.homeward.gateway.registration;

/**
 * Which allowance a registration or an enrolment counts against.
 *
 * <p>A case registered or a photo enrolled by hand counts against the user's daily limits (rule 16:
 * each case brings its own probe allowance, each enrolment a standing search; exceeding them locks
 * the account). A bulk import is a mass registration by design, authorised as a job ({@code
 * IMPORT_CASES}, audited) and bounded by its organisation's daily import allowance instead: its
 * records would otherwise lock the importing user after a few dozen, and counted per record against
 * the organisation they stay bounded without being mistaken for an insider's spree.
 */
public enum Allowance {
  /** The user's daily limits (rule 16); exceeding one locks the account. */
  USER_DAILY,
  /** Already taken by the import job from the organisation's daily import allowance. */
  IMPORT_JOB
}
