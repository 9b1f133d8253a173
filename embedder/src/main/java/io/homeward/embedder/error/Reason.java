package io.homeward.embedder.error;

/** Why the embedder refused a request. Mirrors {@code homeward.embedder.v1.ErrorReason}. */
public enum Reason {
  IMAGE_EMPTY,
  IMAGE_TRUNCATED,
  IMAGE_UNDECODABLE,
  IMAGE_UNSUPPORTED_FORMAT,
  IMAGE_TOO_LARGE,
  IMAGE_DIMENSIONS_TOO_LARGE,
  IMAGE_TOO_SMALL,
  NO_FACE,
  FACE_TOO_SMALL,
  MULTIPLE_FACES,
  QUALITY_TOO_LOW,
  INVALID_REQUEST,
  OVERLOADED,
  INTERNAL,
  /** No worker can take requests (shutting down, or every worker failed). */
  UNAVAILABLE,
  /** The caller cancelled the call or its deadline passed. */
  CANCELLED,
  /** The caller's face hint is outside the image, too small or far from square. */
  FACE_HINT_INVALID
}
