package io.homeward.tools.eval;

/**
 * One round of cross-fold pair verification: the threshold is chosen on every other fold and
 * applied to this one.
 *
 * @param testFold the fold the accuracy is measured on
 * @param threshold accept when score &gt; threshold
 * @param trainAccuracy accuracy on the other folds at that threshold
 * @param testAccuracy accuracy on {@code testFold}
 */
public record FoldResult(
    int testFold, double threshold, double trainAccuracy, double testAccuracy, int testPairs) {}
