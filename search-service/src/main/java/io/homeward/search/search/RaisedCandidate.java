package io.homeward.search.search;

import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.ranking.RankedCandidate;

/** A candidate a standing search raised for review. */
public record RaisedCandidate(
    FaceAttributes probe, RankedCandidate candidate, long raisedAtMillis) {}
