package io.homeward.gateway.security;

/**
 * What a re-seal pass did.
 *
 * @param total values seen
 * @param resealed values re-sealed under the primary key in this pass
 * @param failed values that open with no key of the keyset (left as they are)
 */
public record Reseal(long total, long resealed, long failed) {
  /** Adds two passes. */
  public Reseal plus(Reseal other) {
    return new Reseal(total + other.total, resealed + other.resealed, failed + other.failed);
  }

  /** Every value is now under the primary key. */
  public boolean complete() {
    return failed == 0;
  }
}
