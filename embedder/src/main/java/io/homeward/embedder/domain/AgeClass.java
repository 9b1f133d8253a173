package io.homeward.embedder.domain;

/**
 * What an age estimate says about the age of majority, for callers that must redact minors. When
 * the estimate is {@link #UNCERTAIN}, callers treat the face as a minor's.
 */
public enum AgeClass {
  /** Most likely under 18. */
  MINOR,
  /** Very likely 18 or over. */
  ADULT,
  /** Neither is clear enough: treat as a minor. */
  UNCERTAIN;

  /** Whether a caller redacting minors must redact this face. */
  public boolean redactAsMinor() {
    return this != ADULT;
  }
}
