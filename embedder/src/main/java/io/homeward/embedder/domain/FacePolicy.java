package io.homeward.embedder.domain;

/** How many faces the caller expects in the image. */
public enum FacePolicy {
  /** Every face, largest first. */
  ALL,
  /** Exactly one face; several are refused. */
  SINGLE,
  /** Only the largest face. */
  LARGEST
}
