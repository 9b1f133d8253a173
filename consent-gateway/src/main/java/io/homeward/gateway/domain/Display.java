package io.homeward.gateway.domain;

/**
 * How much of a face a requester was shown, as audited and as answered (rule 11). Declared from the
 * least to the most revealing: a later constant shows more.
 */
public enum Display {
  /** Nothing: refused, or no candidate. */
  NONE,
  /** Facts about the candidate, no image. */
  METADATA,
  /** A blurred image. */
  BLURRED,
  /** The image as it is (watermarked). */
  CLEAR;

  /** The more revealing of the two. */
  public Display max(Display other) {
    return other.compareTo(this) > 0 ? other : this;
  }
}
