package io.homeward.embedder.domain;

/**
 * Which look at a photo found a face. Everything but {@link #STANDARD} is the second pass for hard
 * photos (old prints scanned loose, faded or sideways, or a small face on a large scan), which runs
 * only when the whole photo at the detector's size shows no face; {@link #HINT} is a person's
 * hand-drawn box.
 */
public enum DetectionPass {
  /** The whole photo at the detector's input size. */
  STANDARD,
  /** The whole photo with a margin around it: a face that fills a loosely cropped scan. */
  PADDED,
  /** The padded photo after local contrast equalisation: a faded print. */
  CONTRAST,
  /** Overlapping parts of a large scan, each at the detector's size: a small face. */
  TILED,
  /** The photo turned a quarter clockwise: a print scanned on its side. */
  ROTATED_90,
  /** The photo upside down. */
  ROTATED_180,
  /** The photo turned a quarter anticlockwise. */
  ROTATED_270,
  /** Around a box a person drew. */
  HINT;

  /** Whether the second pass found the face. */
  public boolean isSecondPass() {
    return this != STANDARD && this != HINT;
  }
}
