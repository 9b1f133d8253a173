package io.homeward.gateway.domain;

/** An examiner's verdict on a candidate. */
public enum Verdict {
  POTENTIAL_CANDIDATE,
  NO_CANDIDATE,
  INCONCLUSIVE
}
