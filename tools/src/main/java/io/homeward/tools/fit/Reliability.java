package io.homeward.tools.fit;

import java.util.ArrayList;
import java.util.List;

/**
 * A reliability diagram: predicted scores in equal-width bins against the observed rate of the same
 * person in each bin. The observed rate weighs the genuine and impostor pairs to the prior the
 * scores were calibrated for (genuine pairs in all carry {@code prior}, impostors {@code 1 -
 * prior}), so a calibrated score lies on the diagonal whatever mix of pairs the data set holds.
 */
public final class Reliability {
  private Reliability() {}

  /**
   * One bin.
   *
   * @param lower lower edge of the predicted score
   * @param upper upper edge
   * @param genuine genuine pairs in the bin
   * @param impostor impostor pairs in the bin
   * @param meanPredicted mean predicted score of the bin's pairs, weighted as the observed rate
   * @param observed the weighted rate of the same person (NaN for an empty bin)
   * @param weight the bin's share of the total weight
   */
  public record Bin(
      double lower,
      double upper,
      int genuine,
      int impostor,
      double meanPredicted,
      double observed,
      double weight) {}

  /**
   * @param predicted each pair's calibrated score in 0..1
   * @param same whether the pair is the same person
   * @param prior the prior the scores were calibrated for
   * @param bins number of equal-width bins
   */
  public static List<Bin> bins(double[] predicted, boolean[] same, double prior, int bins) {
    int genuineTotal = 0;
    for (boolean s : same) {
      genuineTotal += s ? 1 : 0;
    }
    int impostorTotal = same.length - genuineTotal;
    double wg = genuineTotal == 0 ? 0 : prior / genuineTotal;
    double wi = impostorTotal == 0 ? 0 : (1 - prior) / impostorTotal;
    int[] g = new int[bins];
    int[] im = new int[bins];
    double[] weighted = new double[bins];
    double[] weightedScore = new double[bins];
    double[] weightedGenuine = new double[bins];
    for (int i = 0; i < predicted.length; i++) {
      int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(predicted[i] * bins)));
      double w = same[i] ? wg : wi;
      if (same[i]) {
        g[b]++;
        weightedGenuine[b] += w;
      } else {
        im[b]++;
      }
      weighted[b] += w;
      weightedScore[b] += w * predicted[i];
    }
    List<Bin> out = new ArrayList<>(bins);
    for (int b = 0; b < bins; b++) {
      boolean empty = weighted[b] == 0;
      out.add(
          new Bin(
              (double) b / bins,
              (double) (b + 1) / bins,
              g[b],
              im[b],
              empty ? Double.NaN : weightedScore[b] / weighted[b],
              empty ? Double.NaN : weightedGenuine[b] / weighted[b],
              weighted[b]));
    }
    return out;
  }

  /**
   * Expected calibration error: the mean gap between predicted and observed, each bin weighted by
   * its share of the (prior-weighted) pairs.
   */
  public static double expectedError(List<Bin> bins) {
    double total = 0;
    double gap = 0;
    for (Bin b : bins) {
      if (b.weight() > 0) {
        total += b.weight();
        gap += b.weight() * Math.abs(b.meanPredicted() - b.observed());
      }
    }
    return total == 0 ? Double.NaN : gap / total;
  }
}
