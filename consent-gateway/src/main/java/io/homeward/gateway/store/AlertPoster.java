package io.homeward.gateway.store;

import java.time.Instant;

/**
 * A police-authorised public alert poster (V19, PRIVACY.md rule 15).
 *
 * @param photoId the case's approved photo shown on it
 * @param policeUnit the police unit that authorised it, and whose contact is printed
 * @param unitContact the unit's telephone or address (never the family's)
 * @param justificationSealed the written justification, sealed
 * @param withdrawnWhy why it was withdrawn ({@link WithdrawnWhy}), null while not withdrawn
 */
public record AlertPoster(
    String id,
    String caseId,
    String photoId,
    String organisation,
    String createdBy,
    String policeUnit,
    String unitContact,
    byte[] justificationSealed,
    Instant createdAt,
    Instant expiresAt,
    Instant withdrawnAt,
    WithdrawnWhy withdrawnWhy) {

  /** Why a poster was taken down before it expired. */
  public enum WithdrawnWhy {
    /** The case left OPEN: found, reunified or closed (rule 19: within 1 h). */
    CASE_FOUND,
    /** Consent was withdrawn (rule 18). */
    WITHDRAWAL
  }

  /** Where a poster stands at an instant. */
  public enum State {
    ACTIVE,
    EXPIRED,
    WITHDRAWN
  }

  public State stateAt(Instant now) {
    if (withdrawnAt != null) {
      return State.WITHDRAWN;
    }
    return now.isBefore(expiresAt) ? State.ACTIVE : State.EXPIRED;
  }
}
