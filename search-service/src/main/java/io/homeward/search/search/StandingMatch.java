package io.homeward.search.search;

/**
 * A candidate at or above the standing band, found by an enrolment's standing search.
 *
 * @param candidate the probe and the candidate it found
 * @param firstRaised whether this call raised the pair for the first time (and emitted it)
 */
public record StandingMatch(RaisedCandidate candidate, boolean firstRaised) {}
