package io.homeward.embedder.domain;

import java.util.List;

/**
 * A face aligned for a person to look at: the crop as PNG, the face it came from, and where the
 * template puts the five points in the crop.
 *
 * @param image the photo's size and format
 * @param face the face that was aligned, in the photo's pixels
 * @param png the aligned face, {@code size} pixels square
 * @param size the crop's side in pixels
 * @param template the alignment template scaled to the crop, in the order of {@link
 *     Landmarks#asList()}
 */
public record AlignedFace(
    ImageInfo image, DetectedFace face, byte[] png, int size, List<Point> template) {
  public AlignedFace {
    template = List.copyOf(template);
  }

  @Override
  public String toString() {
    return "AlignedFace[" + size + "x" + size + "]";
  }
}
