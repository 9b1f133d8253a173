package io.homeward.embedder.domain;

import java.util.function.UnaryOperator;

/** A face box in image pixels with its detector score. */
public record FaceBox(float x1, float y1, float x2, float y2, float score) {
  public float width() {
    return x2 - x1;
  }

  public float height() {
    return y2 - y1;
  }

  public float area() {
    return Math.max(0f, width()) * Math.max(0f, height());
  }

  /**
   * The box whose corners are this box's corners moved by {@code f}, ordered again (a turn swaps
   * them), with the same score.
   */
  public FaceBox map(UnaryOperator<Point> f) {
    Point a = f.apply(new Point(x1, y1));
    Point b = f.apply(new Point(x2, y2));
    return new FaceBox(
        Math.min(a.x(), b.x()),
        Math.min(a.y(), b.y()),
        Math.max(a.x(), b.x()),
        Math.max(a.y(), b.y()),
        score);
  }

  /** Intersection over union with another box. */
  public float iou(FaceBox other) {
    float ix = Math.min(x2, other.x2) - Math.max(x1, other.x1);
    float iy = Math.min(y2, other.y2) - Math.max(y1, other.y1);
    if (ix <= 0 || iy <= 0) {
      return 0f;
    }
    float inter = ix * iy;
    return inter / (area() + other.area() - inter);
  }
}
