package io.homeward.search.ranking;

/** How strong a candidate is after calibration. Roles that must not see scores see only this. */
public enum Band {
  WEAK,
  POSSIBLE,
  PROBABLE,
  STRONG
}
