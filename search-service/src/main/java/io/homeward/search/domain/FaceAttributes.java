package io.homeward.search.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the search service may know about a face besides its vector: pseudonymous ids and the few
 * attributes used to filter and rank. No names, no images, nothing else.
 *
 * @param faceId pseudonymous face id, positive
 * @param caseRef pseudonymous case reference
 * @param side the registry
 * @param sex recorded sex
 * @param birthYearFrom earliest plausible birth year, 0 if unknown
 * @param birthYearTo latest plausible birth year, 0 if unknown
 * @param ageAtPhoto age in years when the photo was taken, negative if unknown
 * @param photoYear year the photo was taken, 0 if unknown
 * @param regionCode coarse region, empty if unknown
 * @param status the case's status
 */
public record FaceAttributes(
    long faceId,
    String caseRef,
    Side side,
    Sex sex,
    int birthYearFrom,
    int birthYearTo,
    float ageAtPhoto,
    int photoYear,
    String regionCode,
    CaseStatus status) {

  private static final Pattern CASE_REF = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern REGION = Pattern.compile("[A-Za-z0-9-]{0,16}");

  public FaceAttributes {
    if (faceId <= 0) {
      throw new IllegalArgumentException("face id must be positive");
    }
    if (caseRef == null || !CASE_REF.matcher(caseRef).matches()) {
      throw new IllegalArgumentException("case reference must be 1-64 characters of [A-Za-z0-9_-]");
    }
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(sex, "sex");
    Objects.requireNonNull(status, "status");
    regionCode = regionCode == null ? "" : regionCode;
    if (!REGION.matcher(regionCode).matches()) {
      throw new IllegalArgumentException(
          "region code must be at most 16 characters of [A-Za-z0-9-]");
    }
    if (birthYearFrom < 0
        || birthYearTo < 0
        || (birthYearFrom > 0 && birthYearTo > 0 && birthYearTo < birthYearFrom)) {
      throw new IllegalArgumentException("birth year range is inverted or negative");
    }
    if (Float.isNaN(ageAtPhoto) || ageAtPhoto > 130) {
      throw new IllegalArgumentException("age at photo is out of range");
    }
    if (photoYear < 0) {
      throw new IllegalArgumentException("photo year is negative");
    }
  }

  public boolean ageKnown() {
    return ageAtPhoto >= 0;
  }
}
