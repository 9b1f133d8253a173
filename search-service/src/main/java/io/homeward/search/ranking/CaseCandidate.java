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
 * @param evidence why it ranks where it does
 */
public record CaseCandidate(
    String caseRef,
    float bestScore,
    float meanTopScore,
    float calibratedScore,
    Band band,
    List<RankedCandidate> matches,
    List<Evidence> evidence) {
  public CaseCandidate {
    matches = List.copyOf(matches);
    evidence = List.copyOf(evidence);
  }
}
