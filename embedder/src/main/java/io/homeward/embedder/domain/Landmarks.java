package io.homeward.embedder.domain;

import java.util.List;
import java.util.function.UnaryOperator;

/** The five alignment points, left and right as seen in the image. */
public record Landmarks(
    Point leftEye, Point rightEye, Point nose, Point mouthLeft, Point mouthRight) {
  /** In the order of the alignment template: left eye, right eye, nose, mouth left, mouth right. */
  public List<Point> asList() {
    return List.of(leftEye, rightEye, nose, mouthLeft, mouthRight);
  }

  /** The same five points, each moved by {@code f} (into another frame of the same photo). */
  public Landmarks map(UnaryOperator<Point> f) {
    return new Landmarks(
        f.apply(leftEye),
        f.apply(rightEye),
        f.apply(nose),
        f.apply(mouthLeft),
        f.apply(mouthRight));
  }

  public float eyeDistance() {
    return (float) Math.hypot(rightEye.x() - leftEye.x(), rightEye.y() - leftEye.y());
  }

  @Override
  public String toString() {
    return "Landmarks[5 points]";
  }
}
