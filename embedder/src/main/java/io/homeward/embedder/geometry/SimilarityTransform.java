package io.homeward.embedder.geometry;

import io.homeward.embedder.domain.Point;
import java.util.List;

/**
 * A 2-D similarity transform (uniform scale, rotation, translation; never a reflection) as the 2x3
 * matrix {@code [[a, -b, tx], [b, a, ty]]}.
 */
public record SimilarityTransform(double a, double b, double tx, double ty) {

  /**
   * The least-squares similarity mapping {@code from} onto {@code to} (Umeyama's solution; in 2-D
   * it reduces to a complex-number regression, which excludes reflections by construction).
   *
   * @throws IllegalArgumentException if the point lists differ in size, have fewer than two points,
   *     the source points all coincide, or a point is not a finite number (or so large that the
   *     solution is not)
   */
  public static SimilarityTransform estimate(List<Point> from, List<Point> to) {
    int n = from.size();
    if (n != to.size() || n < 2) {
      throw new IllegalArgumentException("need two equally long lists of at least two points");
    }
    double fx = 0;
    double fy = 0;
    double gx = 0;
    double gy = 0;
    for (int i = 0; i < n; i++) {
      fx += from.get(i).x();
      fy += from.get(i).y();
      gx += to.get(i).x();
      gy += to.get(i).y();
    }
    fx /= n;
    fy /= n;
    gx /= n;
    gy /= n;
    // a + ib = sum(conj(p) * q) / sum(|p|^2) over centred points p (from) and q (to).
    double re = 0;
    double im = 0;
    double norm = 0;
    for (int i = 0; i < n; i++) {
      double px = from.get(i).x() - fx;
      double py = from.get(i).y() - fy;
      double qx = to.get(i).x() - gx;
      double qy = to.get(i).y() - gy;
      re += px * qx + py * qy;
      im += px * qy - py * qx;
      norm += px * px + py * py;
    }
    if (!Double.isFinite(norm) || !Double.isFinite(re) || !Double.isFinite(im)) {
      throw new IllegalArgumentException("a point is not a finite number");
    }
    if (norm < 1e-12) {
      throw new IllegalArgumentException("source points coincide");
    }
    double a = re / norm;
    double b = im / norm;
    SimilarityTransform t =
        new SimilarityTransform(a, b, gx - (a * fx - b * fy), gy - (b * fx + a * fy));
    if (!Double.isFinite(t.a)
        || !Double.isFinite(t.b)
        || !Double.isFinite(t.tx)
        || !Double.isFinite(t.ty)) {
      throw new IllegalArgumentException("the points are too far apart for a finite transform");
    }
    return t;
  }

  public Point apply(Point p) {
    return new Point((float) (a * p.x() - b * p.y() + tx), (float) (b * p.x() + a * p.y() + ty));
  }

  public double scale() {
    return Math.hypot(a, b);
  }

  /** Rotation in degrees, counter-clockwise in image coordinates with y down. */
  public double rotationDegrees() {
    return Math.toDegrees(Math.atan2(b, a));
  }

  /** Row-major 2x3 matrix for OpenCV's warpAffine. */
  public double[] toAffine() {
    return new double[] {a, -b, tx, b, a, ty};
  }
}
