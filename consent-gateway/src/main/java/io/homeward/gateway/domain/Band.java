package io.homeward.gateway.domain;

/** A calibrated score band, what NGO roles see instead of a score (rule 10). */
public enum Band {
  WEAK,
  POSSIBLE,
  PROBABLE,
  STRONG
}
