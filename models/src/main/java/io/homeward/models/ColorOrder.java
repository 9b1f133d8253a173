package io.homeward.models;

/** Channel order a model expects. */
public enum ColorOrder {
  RGB,
  BGR,
  GRAY;

  /** Number of channels of this order. */
  public int channels() {
    return this == GRAY ? 1 : 3;
  }
}
