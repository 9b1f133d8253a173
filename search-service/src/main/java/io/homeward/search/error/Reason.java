package io.homeward.search.error;

/** Why the search service refused a request. Mirrors {@code homeward.search.v1.ErrorReason}. */
public enum Reason {
  INVALID_VECTOR,
  WRONG_DIMENSION,
  UNKNOWN_SIDE,
  MODEL_MISMATCH,
  K_OUT_OF_RANGE,
  INVALID_REQUEST,
  STORE_UNAVAILABLE,
  INTERNAL,
  /** The space has no calibration, so its candidates cannot be banded: it cannot be searched. */
  NO_CALIBRATION
}
