package io.homeward.tools.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Pair verification accuracy with the threshold chosen on held-out folds: for each fold, the
 * threshold with the best accuracy on all other folds is applied to it. With two folds that is
 * "train on A, test on B" and back.
 */
public final class PairVerification {
  private PairVerification() {}

  /**
   * Cross-fold accuracy.
   *
   * @throws IllegalArgumentException with fewer than two folds
   */
  public static PairVerificationResult crossFold(List<ScoredPair> pairs) {
    TreeSet<Integer> folds = new TreeSet<>();
    int failed = 0;
    for (ScoredPair p : pairs) {
      folds.add(p.fold());
      if (p.failed()) {
        failed++;
      }
    }
    if (folds.size() < 2) {
      throw new IllegalArgumentException(
          "cross-fold verification needs at least two folds, got " + folds);
    }
    List<FoldResult> results = new ArrayList<>();
    for (int fold : folds) {
      List<ScoredPair> train = new ArrayList<>();
      List<ScoredPair> test = new ArrayList<>();
      for (ScoredPair p : pairs) {
        (p.fold() == fold ? test : train).add(p);
      }
      double threshold = bestThreshold(train);
      results.add(
          new FoldResult(
              fold, threshold, accuracy(train, threshold), accuracy(test, threshold), test.size()));
    }
    double mean =
        results.stream().mapToDouble(FoldResult::testAccuracy).average().orElse(Double.NaN);
    double variance =
        results.stream()
            .mapToDouble(r -> (r.testAccuracy() - mean) * (r.testAccuracy() - mean))
            .average()
            .orElse(0);
    return new PairVerificationResult(
        pairs.size(), failed, mean, Math.sqrt(variance), List.copyOf(results));
  }

  /** Fraction of {@code pairs} decided correctly when "same" means score &gt; threshold. */
  public static double accuracy(List<ScoredPair> pairs, double threshold) {
    if (pairs.isEmpty()) {
      return Double.NaN;
    }
    int correct = 0;
    for (ScoredPair p : pairs) {
      boolean accepted = !p.failed() && p.score() > threshold;
      if (accepted == p.same()) {
        correct++;
      }
    }
    return (double) correct / pairs.size();
  }

  /**
   * The threshold with the highest accuracy on {@code pairs}. Only the gaps between distinct scores
   * matter, so the candidates are: just below the lowest score (accept all), the midpoint of each
   * gap (midpoints generalise better than the scores themselves), and the highest score (accept
   * none). Ties go to the lowest threshold.
   */
  public static double bestThreshold(List<ScoredPair> pairs) {
    // Quadratic in the number of pairs; verification protocols have hundreds to a few thousand.
    double[] scores =
        pairs.stream()
            .filter(p -> !p.failed())
            .mapToDouble(ScoredPair::score)
            .sorted()
            .distinct()
            .toArray();
    if (scores.length == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double best = Math.nextDown(scores[0]);
    double bestAccuracy = accuracy(pairs, best);
    for (int i = 0; i < scores.length; i++) {
      double candidate = i + 1 < scores.length ? midpoint(scores[i], scores[i + 1]) : scores[i];
      double acc = accuracy(pairs, candidate);
      if (acc > bestAccuracy) {
        bestAccuracy = acc;
        best = candidate;
      }
    }
    return best;
  }

  /** A value in [low, high) that keeps {@code high} above it even for neighbouring doubles. */
  private static double midpoint(double low, double high) {
    double mid = low + (high - low) / 2;
    return mid < high ? mid : low;
  }
}
