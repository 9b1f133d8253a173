package io.homeward.tools.eval;

/**
 * Verification metrics over score lists. All functions take scores sorted ascending and run in O((n
 * + m) log) or better, so millions of impostor scores are fine.
 *
 * <p>Convention: a pair is accepted when its score is strictly greater than the threshold. FAR(t)
 * is the fraction of impostor scores {@code > t}; TAR(t) the fraction of genuine scores {@code >
 * t}; FRR = 1 - TAR.
 */
public final class Verification {
  /** FARs at which the ROC is sampled: 10^-4 to 10^0 in steps of 10^0.05 (81 points). */
  public static final double[] ROC_FARS = logSpace(-4, 0, 81);

  private Verification() {}

  /** All figures for ascending-sorted genuine and impostor scores. */
  public static VerificationMetrics compute(float[] sortedGenuine, float[] sortedImpostor) {
    double[] rocTar = new double[ROC_FARS.length];
    for (int i = 0; i < ROC_FARS.length; i++) {
      rocTar[i] = tarAtFar(sortedGenuine, sortedImpostor, ROC_FARS[i]).tar();
    }
    return new VerificationMetrics(
        sortedGenuine.length,
        sortedImpostor.length,
        tarAtFar(sortedGenuine, sortedImpostor, 1e-2),
        tarAtFar(sortedGenuine, sortedImpostor, 1e-3),
        auc(sortedGenuine, sortedImpostor),
        eer(sortedGenuine, sortedImpostor),
        ScoreSummary.of(sortedGenuine),
        ScoreSummary.of(sortedImpostor),
        ROC_FARS.clone(),
        rocTar);
  }

  /**
   * The operating point for {@code targetFar}. With n impostor scores, at most k = floor(targetFar
   * * n) of them may be accepted; the threshold is the (k+1)-th highest impostor score, so exactly
   * k impostors lie strictly above it when there is no tie there, and fewer when there is (the
   * realised FAR never exceeds the target). When k = n every score is accepted and the threshold is
   * -infinity. With no impostors or no genuine scores the rates are NaN.
   */
  public static OperatingPoint tarAtFar(
      float[] sortedGenuine, float[] sortedImpostor, double targetFar) {
    int n = sortedImpostor.length;
    if (n == 0 || sortedGenuine.length == 0) {
      return new OperatingPoint(targetFar, Double.NaN, Double.NaN, Double.NaN);
    }
    // The epsilon keeps 1e-3 * 3000 from landing on 2.9999999 and losing an allowed impostor.
    long k = (long) Math.floor(targetFar * n + 1e-9);
    double threshold = k >= n ? Double.NEGATIVE_INFINITY : sortedImpostor[(int) (n - 1 - k)];
    double far = (double) countAbove(sortedImpostor, threshold) / n;
    double tar = (double) countAbove(sortedGenuine, threshold) / sortedGenuine.length;
    return new OperatingPoint(targetFar, threshold, far, tar);
  }

  /**
   * Area under the ROC as the Mann-Whitney statistic: the probability that a random genuine score
   * beats a random impostor score, ties counting half. NaN when either list is empty.
   */
  public static double auc(float[] sortedGenuine, float[] sortedImpostor) {
    int m = sortedGenuine.length;
    int n = sortedImpostor.length;
    if (m == 0 || n == 0) {
      return Double.NaN;
    }
    // Twice the statistic, in integers: exact up to ~4.6e18 pairs.
    long twice = 0;
    int below = 0;
    int notAbove = 0;
    for (float g : sortedGenuine) {
      while (below < n && sortedImpostor[below] < g) {
        below++;
      }
      if (notAbove < below) {
        notAbove = below;
      }
      while (notAbove < n && sortedImpostor[notAbove] <= g) {
        notAbove++;
      }
      twice += 2L * below + (notAbove - below);
    }
    return twice / (2.0 * m * n);
  }

  /**
   * Equal error rate. Walks the thresholds t = each distinct score in ascending order (starting
   * from t = -infinity, where FAR = 1 and FRR = 0) until FAR(t) &lt;= FRR(t), then interpolates
   * linearly between that point and the one before. NaN when either list is empty.
   */
  public static EqualErrorRate eer(float[] sortedGenuine, float[] sortedImpostor) {
    int m = sortedGenuine.length;
    int n = sortedImpostor.length;
    if (m == 0 || n == 0) {
      return new EqualErrorRate(Double.NaN, Double.NaN);
    }
    double prevFar = 1;
    double prevFrr = 0;
    double prevThreshold = Double.NEGATIVE_INFINITY;
    int g = 0;
    int i = 0;
    while (g < m || i < n) {
      float t =
          g < m && (i >= n || sortedGenuine[g] <= sortedImpostor[i])
              ? sortedGenuine[g]
              : sortedImpostor[i];
      while (g < m && sortedGenuine[g] <= t) {
        g++;
      }
      while (i < n && sortedImpostor[i] <= t) {
        i++;
      }
      double far = (double) (n - i) / n;
      double frr = (double) g / m;
      if (far <= frr) {
        double before = prevFar - prevFrr;
        double alpha = before / (before - (far - frr));
        double rate = prevFar + alpha * (far - prevFar);
        // From -infinity there is no finite segment to interpolate along; the first score is the
        // honest threshold.
        double threshold =
            prevThreshold == Double.NEGATIVE_INFINITY
                ? t
                : prevThreshold + alpha * (t - prevThreshold);
        return new EqualErrorRate(rate, threshold);
      }
      prevFar = far;
      prevFrr = frr;
      prevThreshold = t;
    }
    throw new AssertionError("FAR reaches 0 at the highest score, so the walk always crosses");
  }

  /** How many of ascending {@code sorted} are strictly greater than {@code threshold}. */
  static int countAbove(float[] sorted, double threshold) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] > threshold) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return sorted.length - lo;
  }

  private static double[] logSpace(double fromExponent, double toExponent, int points) {
    double[] values = new double[points];
    for (int i = 0; i < points; i++) {
      values[i] = Math.pow(10, fromExponent + (toExponent - fromExponent) * i / (points - 1));
    }
    return values;
  }
}
