package io.homeward.models;

/** What a model does in the face pipeline. */
public enum ModelTask {
  /** Whole image to face boxes and scores. */
  DETECTOR,
  /** A face crop to facial landmark points. */
  LANDMARKS,
  /** An aligned face to a vector. */
  EMBEDDING,
  /** A face crop to an age estimate. */
  AGE
}
