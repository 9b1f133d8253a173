package io.homeward.embedder.domain;

/** Why a face fails the quality gate. Mirrors {@code homeward.embedder.v1.QualityIssue}. */
public enum QualityIssue {
  FACE_TOO_SMALL,
  LOW_DETECTOR_SCORE,
  BLURRY,
  POSE_TOO_EXTREME,
  UNDEREXPOSED,
  OVEREXPOSED,
  LOW_CONTRAST,
  FACE_CUT_OFF
}
