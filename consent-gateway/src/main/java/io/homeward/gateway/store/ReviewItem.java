package io.homeward.gateway.store;

import io.homeward.gateway.domain.Band;
import java.time.Instant;

/** A candidate pair raised by the standing search, waiting for two examiners. */
public record ReviewItem(
    String id,
    long missingFaceId,
    long foundFaceId,
    String missingCaseId,
    String foundCaseId,
    Band band,
    float rawScore,
    String status,
    Instant createdAt) {}
