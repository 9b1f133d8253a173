package io.homeward.gateway.client;

import io.homeward.gateway.domain.Band;

/** A pair the standing search found at or above its band. */
public record StandingCandidate(
    long probeFaceId,
    String probeCaseRef,
    long candidateFaceId,
    String candidateCaseRef,
    Band band,
    float rawScore) {}
