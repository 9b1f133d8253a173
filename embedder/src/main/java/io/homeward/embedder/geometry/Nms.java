package io.homeward.embedder.geometry;

import io.homeward.embedder.domain.FaceBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression. */
public final class Nms {
  private Nms() {}

  /**
   * Keeps the highest-scoring box of every group of boxes that overlap by more than {@code
   * iouThreshold}.
   *
   * @return the kept boxes, highest score first
   */
  public static List<FaceBox> suppress(List<FaceBox> boxes, float iouThreshold) {
    List<FaceBox> sorted = new ArrayList<>(boxes);
    sorted.sort(Comparator.comparingDouble(FaceBox::score).reversed());
    List<FaceBox> kept = new ArrayList<>();
    for (FaceBox candidate : sorted) {
      boolean overlaps = false;
      for (FaceBox k : kept) {
        if (k.iou(candidate) > iouThreshold) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        kept.add(candidate);
      }
    }
    return kept;
  }
}
