package io.homeward.tools.fit;

import java.util.Arrays;

/**
 * The cosines of one population's genuine (same person) and impostor pairs, each sorted ascending,
 * so that rates at a threshold are binary searches.
 *
 * @param name the population, for reports
 * @param genuine genuine pair scores, ascending
 * @param impostor impostor pair scores, ascending
 */
public record PairScores(String name, float[] genuine, float[] impostor) {
  public PairScores {
    genuine = genuine.clone();
    impostor = impostor.clone();
    Arrays.sort(genuine);
    Arrays.sort(impostor);
  }

  /** Share of impostor pairs at or above {@code threshold} (the false accept rate). */
  public double far(double threshold) {
    return atOrAbove(impostor, threshold);
  }

  /** Share of genuine pairs at or above {@code threshold} (the true accept rate). */
  public double tar(double threshold) {
    return atOrAbove(genuine, threshold);
  }

  /**
   * Share of pairs at or above {@code threshold} that are genuine, with the population's own mix of
   * genuine and impostor pairs; NaN when none reaches it.
   */
  public double precision(double threshold) {
    double g = countAtOrAbove(genuine, threshold);
    double i = countAtOrAbove(impostor, threshold);
    return g + i == 0 ? Double.NaN : g / (g + i);
  }

  /** Impostor pairs at or above {@code threshold}. */
  public int impostorsAtOrAbove(double threshold) {
    return countAtOrAbove(impostor, threshold);
  }

  /**
   * The lowest threshold whose false accept rate is at most {@code far}: just above the impostor
   * score that would otherwise be one too many.
   */
  public double thresholdAtFar(double far) {
    int n = impostor.length;
    if (n == 0) {
      throw new IllegalStateException(name + " has no impostor pairs");
    }
    int allowed = (int) Math.floor(far * n);
    if (allowed >= n) {
      return Double.NEGATIVE_INFINITY;
    }
    return Math.nextUp(impostor[n - 1 - allowed]);
  }

  private static double atOrAbove(float[] sorted, double threshold) {
    return sorted.length == 0
        ? Double.NaN
        : (double) countAtOrAbove(sorted, threshold) / sorted.length;
  }

  private static int countAtOrAbove(float[] sorted, double threshold) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < threshold) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return sorted.length - lo;
  }
}
