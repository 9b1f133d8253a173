package io.homeward.gateway.domain;

/** Who gave a consent. */
public enum ConsentGiver {
  SUBJECT,
  /**
   * A parent or legal guardian (identity and relationship checked by a caseworker before it
   * counts).
   */
  GUARDIAN,
  /** A statutory welfare guardian (a public authority), which may act for a found child. */
  STATUTORY_WELFARE_GUARDIAN,
  /**
   * Whoever currently looks after a found child; never enough on its own (rule 4): they may be the
   * buyer.
   */
  CARETAKER,
  /** No consent: a police case (statutory duty or vital emergency). */
  POLICE
}
