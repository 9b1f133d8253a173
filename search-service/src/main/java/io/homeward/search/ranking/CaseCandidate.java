package io.homeward.search.ranking;

import java.util.List;

/**
 * A candidate case for a search by all photos of a case.
 *
 * @param caseRef the candidate case
 * @param bestScore the best single face pair's cosine
 * @param meanTopScore mean over probe photos of each one's best match in this case
 * @param calibratedScore calibrated, with evidence, 0..1
 * @param band the calibrated band
 * @param matches the best match of each probe photo in this case, best first
 * @param matchProbes for each match, the probe photo (0-based, in the request's order) it is the
 *     best match of
 * @param evidence why it ranks where it does
 */
public record CaseCandidate(
    String caseRef,
    float bestScore,
    float meanTopScore,
    float calibratedScore,
    Band band,
    List<RankedCandidate> matches,
    List<Integer> matchProbes,
    List<Evidence> evidence) {
  public CaseCandidate {
    matches = List.copyOf(matches);
    matchProbes = List.copyOf(matchProbes);
    if (matchProbes.size() != matches.size()) {
      throw new IllegalArgumentException("one probe index per match");
    }
    evidence = List.copyOf(evidence);
  }
}
