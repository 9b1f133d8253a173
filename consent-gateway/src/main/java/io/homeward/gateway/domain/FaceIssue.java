package io.homeward.gateway.domain;

/** Why a face failed the embedder's quality gate; the pages say each in plain words. */
public enum FaceIssue {
  FACE_TOO_SMALL,
  LOW_DETECTOR_SCORE,
  BLURRY,
  POSE_TOO_EXTREME,
  UNDEREXPOSED,
  OVEREXPOSED,
  LOW_CONTRAST,
  /** The face box lies mostly outside the photo. */
  FACE_CUT_OFF
}
