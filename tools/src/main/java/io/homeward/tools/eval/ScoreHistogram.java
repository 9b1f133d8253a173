package io.homeward.tools.eval;

/**
 * Genuine and impostor score counts over shared equal-width bins from {@code lower} to {@code
 * upper} (cosine scores: -1 to 1). Bin {@code i} holds scores in [lower + i*w, lower + (i+1)*w);
 * the upper edge goes to the last bin and scores outside the range are clamped into the edge bins
 * so that no score is lost.
 */
public record ScoreHistogram(double lower, double upper, long[] genuine, long[] impostor) {
  public static final int DEFAULT_BINS = 100;

  /** Counts ascending-sorted or unsorted scores into {@code bins} bins over [-1, 1]. */
  public static ScoreHistogram of(float[] genuine, float[] impostor, int bins) {
    return new ScoreHistogram(-1, 1, count(genuine, -1, 1, bins), count(impostor, -1, 1, bins));
  }

  private static long[] count(float[] scores, double lower, double upper, int bins) {
    long[] counts = new long[bins];
    double width = (upper - lower) / bins;
    for (float s : scores) {
      int bin = (int) Math.floor((s - lower) / width);
      counts[Math.max(0, Math.min(bins - 1, bin))]++;
    }
    return counts;
  }

  public int bins() {
    return genuine.length;
  }

  public double binWidth() {
    return (upper - lower) / bins();
  }

  /** Centre of each bin. */
  public double[] centres() {
    double[] centres = new double[bins()];
    for (int i = 0; i < centres.length; i++) {
      centres[i] = lower + (i + 0.5) * binWidth();
    }
    return centres;
  }

  /** Genuine counts as a probability density (integrates to 1 over the range). */
  public double[] genuineDensity() {
    return density(genuine);
  }

  /** Impostor counts as a probability density (integrates to 1 over the range). */
  public double[] impostorDensity() {
    return density(impostor);
  }

  private double[] density(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] density = new double[counts.length];
    if (total == 0) {
      return density;
    }
    for (int i = 0; i < counts.length; i++) {
      density[i] = counts[i] / (total * binWidth());
    }
    return density;
  }
}
