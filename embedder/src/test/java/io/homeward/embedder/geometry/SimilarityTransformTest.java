package io.homeward.embedder.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.homeward.embedder.domain.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilarityTransformTest {
  private static final List<Point> TEMPLATE =
      List.of(
          new Point(38.2946f, 51.6963f),
          new Point(73.5318f, 51.5014f),
          new Point(56.0252f, 71.7366f),
          new Point(41.5493f, 92.3655f),
          new Point(70.7299f, 92.2041f));

  @Test
  void recoversAKnownSimilarityExactly() {
    SimilarityTransform truth = fromParts(2.5, 30, 100, -40);
    List<Point> moved = TEMPLATE.stream().map(truth::apply).toList();

    SimilarityTransform fitted = SimilarityTransform.estimate(moved, TEMPLATE);

    assertThat(fitted.scale()).isCloseTo(1 / 2.5, within(1e-6));
    assertThat(fitted.rotationDegrees()).isCloseTo(-30, within(1e-4));
    for (int i = 0; i < TEMPLATE.size(); i++) {
      Point back = fitted.apply(moved.get(i));
      assertThat(back.x()).isCloseTo(TEMPLATE.get(i).x(), within(1e-3f));
      assertThat(back.y()).isCloseTo(TEMPLATE.get(i).y(), within(1e-3f));
    }
  }

  @Test
  void neverReflectsAMirroredFace() {
    List<Point> mirrored = TEMPLATE.stream().map(p -> new Point(112 - p.x(), p.y())).toList();

    SimilarityTransform fitted = SimilarityTransform.estimate(mirrored, TEMPLATE);

    // A reflection would need a negative determinant; a similarity's is scale^2.
    double det = fitted.a() * fitted.a() + fitted.b() * fitted.b();
    assertThat(det).isPositive();
    // The best proper fit of a mirrored layout leaves residuals (a reflection would fit it
    // exactly).
    double residual = 0;
    for (int i = 0; i < TEMPLATE.size(); i++) {
      Point p = fitted.apply(mirrored.get(i));
      residual += Math.hypot(p.x() - TEMPLATE.get(i).x(), p.y() - TEMPLATE.get(i).y());
    }
    assertThat(residual).isGreaterThan(1.0);
  }

  @Test
  void isTheLeastSquaresFitUnderNoise() {
    Random random = new Random(7);
    SimilarityTransform truth = fromParts(0.4, -12, 5, 9);
    List<Point> noisy = new ArrayList<>();
    for (Point p : TEMPLATE) {
      Point q = truth.apply(p);
      noisy.add(
          new Point(
              q.x() + (float) random.nextGaussian() * 0.5f,
              q.y() + (float) random.nextGaussian() * 0.5f));
    }
    SimilarityTransform fitted = SimilarityTransform.estimate(TEMPLATE, noisy);
    double best = sse(fitted, TEMPLATE, noisy);
    // Nudging any parameter makes the fit worse.
    double eps = 1e-3;
    assertThat(
            sse(
                new SimilarityTransform(fitted.a() + eps, fitted.b(), fitted.tx(), fitted.ty()),
                TEMPLATE,
                noisy))
        .isGreaterThan(best);
    assertThat(
            sse(
                new SimilarityTransform(fitted.a(), fitted.b() + eps, fitted.tx(), fitted.ty()),
                TEMPLATE,
                noisy))
        .isGreaterThan(best);
    assertThat(
            sse(
                new SimilarityTransform(fitted.a(), fitted.b(), fitted.tx() + eps, fitted.ty()),
                TEMPLATE,
                noisy))
        .isGreaterThan(best);
    assertThat(
            sse(
                new SimilarityTransform(fitted.a(), fitted.b(), fitted.tx(), fitted.ty() - eps),
                TEMPLATE,
                noisy))
        .isGreaterThan(best);
  }

  @Test
  void refusesDegenerateInput() {
    Point p = new Point(3, 3);
    assertThatThrownBy(
            () -> SimilarityTransform.estimate(List.of(p, p, p), List.of(p, p, new Point(1, 1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimilarityTransform.estimate(List.of(p), List.of(p)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static SimilarityTransform fromParts(double scale, double degrees, double tx, double ty) {
    double r = Math.toRadians(degrees);
    return new SimilarityTransform(scale * Math.cos(r), scale * Math.sin(r), tx, ty);
  }

  private static double sse(SimilarityTransform t, List<Point> from, List<Point> to) {
    double sum = 0;
    for (int i = 0; i < from.size(); i++) {
      Point p = t.apply(from.get(i));
      sum += Math.pow(p.x() - to.get(i).x(), 2) + Math.pow(p.y() - to.get(i).y(), 2);
    }
    return sum;
  }
}
