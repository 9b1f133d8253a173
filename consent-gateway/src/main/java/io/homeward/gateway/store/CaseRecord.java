package io.homeward.gateway.store;

import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.Side;
import java.time.Instant;

/** A case as stored. */
public record CaseRecord(
    String id,
    Side side,
    CaseStatus status,
    String organisation,
    String reportedBy,
    String policeCaseNumber,
    boolean verified,
    Instant createdAt,
    Instant confirmedAt,
    Instant closedAt,
    Instant purgeAfter) {
  public boolean policeCase() {
    return policeCaseNumber != null && !policeCaseNumber.isBlank();
  }
}
