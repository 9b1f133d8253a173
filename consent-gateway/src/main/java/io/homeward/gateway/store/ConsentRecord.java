package io.homeward.gateway.store;

import io.homeward.gateway.domain.ConsentGiver;
import io.homeward.gateway.domain.LegalBasis;
import java.time.Instant;

/** A consent or other legal basis recorded for a case. */
public record ConsentRecord(
    String id,
    String caseId,
    LegalBasis basis,
    ConsentGiver givenBy,
    String relationship,
    boolean trainingConsent,
    byte[] justificationSealed,
    Instant grantedAt,
    Instant expiresAt,
    String verifiedBy,
    Instant verifiedAt,
    Instant withdrawnAt) {
  public boolean verified() {
    return verifiedAt != null;
  }

  public boolean activeAt(Instant now) {
    return withdrawnAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }
}
