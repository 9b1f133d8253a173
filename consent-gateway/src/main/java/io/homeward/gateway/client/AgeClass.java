package io.homeward.gateway.client;

/** What the embedder's age estimate says about the age of majority (18). */
public enum AgeClass {
  MINOR,
  ADULT,
  /** Neither is clear enough: treated as a minor, like an estimate the embedder did not class. */
  UNCERTAIN
}
