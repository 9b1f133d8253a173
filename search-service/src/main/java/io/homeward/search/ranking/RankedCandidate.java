package io.homeward.search.ranking;

import io.homeward.search.domain.FaceAttributes;
import java.util.List;

/**
 * A face candidate after calibration and evidence.
 *
 * @param attributes the candidate face
 * @param rawScore cosine similarity
 * @param calibratedScore calibrated score with the metadata evidence applied, 0..1
 * @param band the calibrated band
 * @param ageGapYears years between the photos, negative when unknown
 * @param evidence why it ranks where it does
 */
public record RankedCandidate(
    FaceAttributes attributes,
    float rawScore,
    float calibratedScore,
    Band band,
    float ageGapYears,
    List<Evidence> evidence) {
  public RankedCandidate {
    evidence = List.copyOf(evidence);
  }
}
