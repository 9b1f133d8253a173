package io.homeward.tools.eval;

/**
 * Distribution of one kind of score (genuine or impostor). Quantiles interpolate linearly between
 * order statistics (the "type 7" definition of R and NumPy); {@code std} is the population standard
 * deviation. With no scores every figure is NaN.
 */
public record ScoreSummary(
    long count,
    double mean,
    double std,
    double min,
    double p01,
    double p05,
    double p25,
    double median,
    double p75,
    double p95,
    double p99,
    double max) {

  /** Summarises {@code sorted}, which must be sorted ascending. */
  public static ScoreSummary of(float[] sorted) {
    int n = sorted.length;
    if (n == 0) {
      double nan = Double.NaN;
      return new ScoreSummary(0, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan);
    }
    double sum = 0;
    for (float v : sorted) {
      sum += v;
    }
    double mean = sum / n;
    // Two passes rather than sum of squares: no cancellation when scores sit close together.
    double squares = 0;
    for (float v : sorted) {
      double d = v - mean;
      squares += d * d;
    }
    return new ScoreSummary(
        n,
        mean,
        Math.sqrt(squares / n),
        sorted[0],
        quantile(sorted, 0.01),
        quantile(sorted, 0.05),
        quantile(sorted, 0.25),
        quantile(sorted, 0.5),
        quantile(sorted, 0.75),
        quantile(sorted, 0.95),
        quantile(sorted, 0.99),
        sorted[n - 1]);
  }

  /** Linearly interpolated quantile {@code p} in [0, 1] of ascending {@code sorted} (type 7). */
  public static double quantile(float[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    if (lo >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    return sorted[lo] + (h - lo) * ((double) sorted[lo + 1] - sorted[lo]);
  }
}
