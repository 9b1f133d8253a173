package io.homeward.gateway.client;

import io.homeward.gateway.domain.Sex;
import io.homeward.gateway.domain.Side;

/**
 * What the search service may know of a face: pseudonymous ids, the few filtering attributes, and
 * the vector. No names, no images, no location text. {@code toString} never shows the vector.
 */
public record FaceToIndex(
    long faceId,
    String caseRef,
    Side side,
    Sex sex,
    Integer birthYearFrom,
    Integer birthYearTo,
    Float ageAtPhoto,
    Integer photoYear,
    String regionCode,
    EmbeddedFace face) {
  /** The same face with another age at the photo. */
  public FaceToIndex withAgeAtPhoto(Float age) {
    return new FaceToIndex(
        faceId, caseRef, side, sex, birthYearFrom, birthYearTo, age, photoYear, regionCode, face);
  }

  @Override
  public String toString() {
    return "FaceToIndex[" + face + "]";
  }
}
