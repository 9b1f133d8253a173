package io.homeward.gateway.domain;

/** Where a photo's age at the photo came from. */
public enum AgeBasis {
  /** The case's birth years and the photo year: a fact the caller cannot bend. */
  BIRTH_YEARS,
  /** The embedder's age estimate (its optional age stage). */
  ESTIMATE,
  /**
   * Only the caller's typed age, kept because it is a minor's age: a typed number may make a photo
   * more protected, never less.
   */
  TYPED_MINOR,
  /** Nothing is known: the age counts as a minor's. */
  UNKNOWN
}
