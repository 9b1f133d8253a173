package io.homeward.gateway.store;

import io.homeward.gateway.domain.Band;
import io.homeward.gateway.domain.ReviewOrigin;
import java.time.Instant;

/** A candidate pair waiting for two examiners, raised by the standing search or referred. */
public record ReviewItem(
    String id,
    long missingFaceId,
    long foundFaceId,
    String missingCaseId,
    String foundCaseId,
    Band band,
    float rawScore,
    String status,
    Instant createdAt,
    ReviewOrigin origin) {

  /** A pair raised by the standing search. */
  public ReviewItem(
      String id,
      long missingFaceId,
      long foundFaceId,
      String missingCaseId,
      String foundCaseId,
      Band band,
      float rawScore,
      String status,
      Instant createdAt) {
    this(
        id,
        missingFaceId,
        foundFaceId,
        missingCaseId,
        foundCaseId,
        band,
        rawScore,
        status,
        createdAt,
        ReviewOrigin.STANDING_SEARCH);
  }
}
