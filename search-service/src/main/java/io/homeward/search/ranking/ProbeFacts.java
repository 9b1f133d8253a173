package io.homeward.search.ranking;

import io.homeward.search.domain.Sex;
import io.homeward.search.domain.Side;
import java.util.Objects;

/**
 * What is known about a probe photo, used for the age gap and as soft evidence.
 *
 * @param side the probe's own side
 * @param sex recorded sex
 * @param birthYearFrom earliest plausible birth year, 0 if unknown
 * @param birthYearTo latest plausible birth year, 0 if unknown
 * @param ageAtPhoto age when the photo was taken, negative if unknown
 * @param photoYear year the photo was taken, 0 if unknown
 */
public record ProbeFacts(
    Side side, Sex sex, int birthYearFrom, int birthYearTo, float ageAtPhoto, int photoYear) {
  public ProbeFacts {
    Objects.requireNonNull(side);
    Objects.requireNonNull(sex);
  }

  /** Nothing known but the side. */
  public static ProbeFacts unknown(Side side) {
    return new ProbeFacts(side, Sex.UNKNOWN, 0, 0, -1, 0);
  }
}
