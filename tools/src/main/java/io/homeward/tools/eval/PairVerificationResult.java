package io.homeward.tools.eval;

import java.util.List;

/**
 * Cross-fold pair verification accuracy (the CACD-VS protocol).
 *
 * @param failedPairs pairs with a photo that failed to enrol (counted, decided "different")
 * @param meanAccuracy mean of the per-fold test accuracies
 * @param stdAccuracy population standard deviation of the per-fold test accuracies
 */
public record PairVerificationResult(
    int pairs, int failedPairs, double meanAccuracy, double stdAccuracy, List<FoldResult> folds) {}
