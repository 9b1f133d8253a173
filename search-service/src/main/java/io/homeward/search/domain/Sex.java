package io.homeward.search.domain;

/** Recorded sex; {@code UNKNOWN} when not known. */
public enum Sex {
  UNKNOWN,
  FEMALE,
  MALE
}
