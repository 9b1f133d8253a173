package io.homeward.gateway.domain;

/** How one facial feature compares between the two faces, in the examiner's judgement. */
public enum FeatureAssessment {
  SIMILAR,
  DISSIMILAR,
  /** Hidden, out of focus, or changed by age beyond comparison. */
  NOT_ASSESSABLE
}
