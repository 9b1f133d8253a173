package io.homeward.search.ranking;

import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.domain.Sex;
import io.homeward.search.domain.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * Metadata as soft evidence, never a filter: families' and victims' recollections of dates
 * disagree, records are wrong, and a hard filter would hide the right person. Each rule adds a
 * bounded amount to the log-odds and says so. The weights are the project's priors, not fitted (no
 * development set carries this metadata); the evaluation reports the ranking with and without them.
 */
public final class MetadataEvidence {
  /**
   * Years of slack on both sides of a birth-year range (estimates of a found person's age are
   * rough).
   */
  static final int SLACK_YEARS = 2;

  static final float OVERLAP = 0.4f;
  static final float DISAGREE_PER_YEAR = -0.5f;
  static final float DISAGREE_FLOOR = -3f;
  static final float SEX_AGREES = 0.2f;
  static final float SEX_DISAGREES = -2f;
  static final float FOUND_BEFORE_DISAPPEARED = -1.5f;

  private MetadataEvidence() {}

  /** Evidence about a candidate for a probe, in a stable order. */
  public static List<Evidence> between(ProbeFacts probe, FaceAttributes candidate) {
    List<Evidence> evidence = new ArrayList<>();
    int[] p =
        birthRange(
            probe.birthYearFrom(), probe.birthYearTo(), probe.ageAtPhoto(), probe.photoYear());
    int[] c =
        birthRange(
            candidate.birthYearFrom(),
            candidate.birthYearTo(),
            candidate.ageAtPhoto(),
            candidate.photoYear());
    if (p != null && c != null) {
      int gap = Math.max(p[0], c[0]) - Math.min(p[1], c[1]) - 2 * SLACK_YEARS;
      if (gap <= 0) {
        evidence.add(new Evidence(EvidenceKind.BIRTH_YEARS_OVERLAP, OVERLAP));
      } else {
        evidence.add(
            new Evidence(
                EvidenceKind.BIRTH_YEARS_DISAGREE,
                Math.max(DISAGREE_FLOOR, gap * DISAGREE_PER_YEAR)));
      }
    }
    if (probe.sex() != Sex.UNKNOWN && candidate.sex() != Sex.UNKNOWN) {
      evidence.add(
          probe.sex() == candidate.sex()
              ? new Evidence(EvidenceKind.SEX_AGREES, SEX_AGREES)
              : new Evidence(EvidenceKind.SEX_DISAGREES, SEX_DISAGREES));
    }
    int missingYear = probe.side() == Side.MISSING ? probe.photoYear() : candidate.photoYear();
    int foundYear = probe.side() == Side.MISSING ? candidate.photoYear() : probe.photoYear();
    if (missingYear > 0 && foundYear > 0) {
      // A family's photo predates the disappearance; a found person's photo taken well before it
      // cannot show the child that went missing later.
      evidence.add(
          foundYear + 1 < missingYear
              ? new Evidence(EvidenceKind.FOUND_BEFORE_DISAPPEARED, FOUND_BEFORE_DISAPPEARED)
              : new Evidence(EvidenceKind.FOUND_AFTER_DISAPPEARED, 0f));
    }
    return evidence;
  }

  /**
   * Years between a probe photo and a candidate's photo. Each photo's age comes from its case's
   * recorded dates where they exist (the photo year less the middle of the recorded birth years),
   * and only otherwise from its age at photo, which may be the embedder's estimate; -1 when either
   * is unknown.
   */
  public static float ageGap(ProbeFacts probe, FaceAttributes candidate) {
    float p =
        ageAt(probe.birthYearFrom(), probe.birthYearTo(), probe.photoYear(), probe.ageAtPhoto());
    float c =
        ageAt(
            candidate.birthYearFrom(),
            candidate.birthYearTo(),
            candidate.photoYear(),
            candidate.ageAtPhoto());
    if (p < 0 || c < 0) {
      return -1;
    }
    return Math.abs(c - p);
  }

  /**
   * A photo's age: from the recorded birth years and photo year when both are known (and the photo
   * is not dated before the birth), else {@code ageAtPhoto} (negative: unknown).
   */
  static float ageAt(int birthYearFrom, int birthYearTo, int photoYear, float ageAtPhoto) {
    if (photoYear > 0 && (birthYearFrom > 0 || birthYearTo > 0)) {
      float from = birthYearFrom > 0 ? birthYearFrom : birthYearTo;
      float to = birthYearTo > 0 ? birthYearTo : birthYearFrom;
      float age = photoYear - (from + to) / 2;
      if (age >= 0) {
        return age;
      }
    }
    return ageAtPhoto;
  }

  /** Years between two photos when both ages at photo are known, else -1. */
  public static float ageGap(float probeAge, FaceAttributes candidate) {
    if (probeAge < 0 || !candidate.ageKnown()) {
      return -1;
    }
    return Math.abs(candidate.ageAtPhoto() - probeAge);
  }

  /**
   * A plausible birth-year range: recorded, or photo year minus age; null when neither is known.
   */
  static int[] birthRange(int from, int to, float age, int photoYear) {
    if (from > 0 || to > 0) {
      return new int[] {from > 0 ? from : to, to > 0 ? to : from};
    }
    if (age >= 0 && photoYear > 0) {
      int year = photoYear - Math.round(age);
      return new int[] {year, year};
    }
    return null;
  }
}
