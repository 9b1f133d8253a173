package io.homeward.gateway.policy;

import io.homeward.gateway.client.AgeClass;
import io.homeward.gateway.client.EmbeddedFace;
import io.homeward.gateway.domain.AgeBasis;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.store.SubjectRecord;
import java.util.Optional;

/**
 * A photo's age at the photo, derived from facts rather than taken from a typed number (issue 11,
 * finding 4: a child's photo typed as {@code ageAtPhoto=30} was shown unblurred).
 *
 * <ul>
 *   <li>The case's birth years and the photo year, when both are known, give a range; a typed age
 *       outside it is refused.
 *   <li>Otherwise the embedder's age estimate decides; anything but an adult class is a minor's.
 *   <li>Otherwise the age is unknown, which every rule treats as a minor's.
 * </ul>
 *
 * A typed age never raises the age the rules decide on: it may only lower it (a caller who says
 * "this was a child" is believed, one who says "this was an adult" is not).
 *
 * @param from the youngest the person can have been (null when unknown); the display rules decide
 *     on this
 * @param to the oldest (null when unknown)
 * @param basis where the range came from
 */
public record PhotoAge(Float from, Float to, AgeBasis basis) {
  /** Under this, a person is a minor (rule 11). */
  static final float MAJORITY = 18f;

  /** The age the rules decide on: the youngest the range allows; null is a minor's. */
  public Float decisive() {
    return from;
  }

  /**
   * The range the case's birth years give for a photo year, if both are known. Someone born in 2015
   * was 2 or 3 in 2018: the range is whole years from {@code photoYear - birthYearTo - 1} to {@code
   * photoYear - birthYearFrom}, and a typed age may carry the fraction of the last year.
   *
   * @throws GatewayException a photo year before the earliest birth year
   */
  public static Optional<PhotoAge> fromBirthYears(SubjectRecord s, Integer photoYear) {
    if (photoYear == null || s.birthYearFrom() == null || s.birthYearTo() == null) {
      return Optional.empty();
    }
    if (photoYear < s.birthYearFrom()) {
      throw new GatewayException(
          ProblemType.AGE_INCONSISTENT, "photoYear is before the subject's birth years");
    }
    float from = Math.max(0, photoYear - s.birthYearTo() - 1);
    float to = photoYear - s.birthYearFrom();
    return Optional.of(new PhotoAge(from, to, AgeBasis.BIRTH_YEARS));
  }

  /**
   * Checks a typed age against the birth-year range, once the caller is known to be allowed to
   * enrol (so that a refusal tells an outsider nothing about the case's birth years).
   *
   * @throws GatewayException the typed age lies outside the range
   */
  public static void checkTyped(Optional<PhotoAge> known, Float typed) {
    if (typed == null || known.isEmpty()) {
      return;
    }
    PhotoAge range = known.get();
    if (typed < range.from() || typed >= range.to() + 1) {
      throw new GatewayException(
          ProblemType.AGE_INCONSISTENT,
          "ageAtPhoto disagrees with the case's birth years and photoYear (expected "
              + Math.round(range.from())
              + " to "
              + Math.round(range.to())
              + ")");
    }
  }

  /**
   * The age once the embedder has seen the face: the birth-year range when known (narrowed down by
   * a typed age, never up), else the estimate, else a typed minor's age, else unknown.
   */
  public static PhotoAge decide(Optional<PhotoAge> known, Float typed, EmbeddedFace face) {
    if (known.isPresent()) {
      // A typed age inside the range (checkTyped) changes nothing: the rules decide on the
      // youngest end, which the typed number cannot move.
      return known.get();
    }
    PhotoAge estimate = fromEstimate(face);
    if (typed != null && typed < MAJORITY) {
      // A caller who says the person was a minor is believed: that only adds protection.
      if (estimate.from() == null || typed < estimate.from()) {
        return new PhotoAge(typed, typed, AgeBasis.TYPED_MINOR);
      }
    }
    return estimate;
  }

  /** The embedder's reading: an adult class is an adult; a minor, uncertain or no class is not. */
  public static PhotoAge fromEstimate(EmbeddedFace face) {
    if (face == null || face.estimatedAge() == null || face.estimatedAge().isNaN()) {
      return new PhotoAge(null, null, AgeBasis.UNKNOWN);
    }
    float years = face.estimatedAge();
    float low = face.ageLow() == null || face.ageLow().isNaN() ? years : face.ageLow();
    float high = face.ageHigh() == null || face.ageHigh().isNaN() ? years : face.ageHigh();
    float from = Math.min(low, years);
    float to = Math.max(high, years);
    if (face.ageClass() == AgeClass.ADULT) {
      from = Math.max(from, MAJORITY);
    } else {
      // UNCERTAIN (or unclassed) counts as a minor: the youngest end stays under 18.
      from = Math.min(from, MAJORITY - 1);
    }
    return new PhotoAge(Math.max(0, from), Math.max(from, to), AgeBasis.ESTIMATE);
  }
}
